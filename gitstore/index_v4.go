package gitstore

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/format/index"
)

// v4Index handles version 4 indexes, whose prefix-compressed names make a
// byte splice impractical: it decodes and re-encodes the whole index with
// go-git's codec. That encoder writes no extensions, so the cached tree and
// resolve-undo data are dropped; git rebuilds the former and only
// "git checkout -m" after a resolved conflict needs the latter.
type v4Index struct {
	idx *index.Index
}

func decodeV4Index(data []byte) (*v4Index, error) {
	idx := &index.Index{}
	if err := index.NewDecoder(bytes.NewReader(data)).Decode(idx); err != nil {
		return nil, fmt.Errorf("read index: %w", err)
	}
	sort.SliceStable(idx.Entries, func(i, j int) bool {
		a, b := idx.Entries[i], idx.Entries[j]
		return a.Name < b.Name || a.Name == b.Name && a.Stage < b.Stage
	})
	return &v4Index{idx: idx}, nil
}

func (x *v4Index) search(name string) int {
	return sort.Search(len(x.idx.Entries), func(i int) bool { return x.idx.Entries[i].Name >= name })
}

func (x *v4Index) check(ups []indexUpdate) error {
	ents := func(name string) (int, bool, bool) {
		i := x.search(name)
		found, conflict := false, false
		for j := i; j < len(x.idx.Entries) && x.idx.Entries[j].Name == name; j++ {
			found = true
			conflict = conflict || x.idx.Entries[j].Stage != 0
		}
		return i, found, conflict
	}
	hasPrefix := func(prefix string) bool {
		i := x.search(prefix)
		return i < len(x.idx.Entries) && strings.HasPrefix(x.idx.Entries[i].Name, prefix)
	}
	return checkIndexPaths(ents, hasPrefix, ups)
}

func (x *v4Index) apply(ups []indexUpdate) ([]byte, error) {
	if err := x.check(ups); err != nil {
		return nil, err
	}
	for _, u := range ups {
		i := x.search(u.path)
		found := i < len(x.idx.Entries) && x.idx.Entries[i].Name == u.path
		if u.delete {
			if found {
				x.idx.Entries = append(x.idx.Entries[:i], x.idx.Entries[i+1:]...)
			}
			continue
		}
		e := &index.Entry{
			Hash: plumbing.Hash(u.blob), Name: u.path, Mode: filemode.Regular,
			Dev: u.stat.dev, Inode: u.stat.ino, UID: u.stat.uid, GID: u.stat.gid, Size: u.stat.size,
		}
		if u.stat.mtimeSec != 0 || u.stat.mtimeNsec != 0 {
			e.ModifiedAt = time.Unix(int64(u.stat.mtimeSec), int64(u.stat.mtimeNsec))
		}
		if u.stat.ctimeSec != 0 || u.stat.ctimeNsec != 0 {
			e.CreatedAt = time.Unix(int64(u.stat.ctimeSec), int64(u.stat.ctimeNsec))
		}
		if found {
			x.idx.Entries[i] = e
		} else {
			x.idx.Entries = append(x.idx.Entries, nil)
			copy(x.idx.Entries[i+1:], x.idx.Entries[i:])
			x.idx.Entries[i] = e
		}
	}
	x.idx.Cache, x.idx.ResolveUndo, x.idx.EndOfIndexEntry = nil, nil, nil
	var buf bytes.Buffer
	if err := index.NewEncoder(&buf).Encode(x.idx); err != nil {
		return nil, fmt.Errorf("write index: %w", err)
	}
	return buf.Bytes(), nil
}

func (x *v4Index) each(fn func(e indexEntry)) {
	for _, e := range x.idx.Entries {
		fn(indexEntry{
			name: []byte(e.Name),
			stat: statData{
				ctimeSec: uint32(e.CreatedAt.Unix()), ctimeNsec: uint32(e.CreatedAt.Nanosecond()),
				mtimeSec: uint32(e.ModifiedAt.Unix()), mtimeNsec: uint32(e.ModifiedAt.Nanosecond()),
				dev: e.Dev, ino: e.Inode, uid: e.UID, gid: e.GID, size: e.Size,
			},
			mode: uint32(e.Mode), hash: Hash(e.Hash), stage: int(e.Stage),
			skipWorktree: e.SkipWorktree,
		})
	}
}

package repo

import (
	"fmt"
	"path"
	"sort"
	"strings"
	"unsafe"

	"github.com/cc-content/cc/content"
	"github.com/cc-content/cc/gitstore"
)

// eventIndexCache remembers, per draft, the event ids under
// .cc/reviews/<draft>/ and the tree id they were read from, so finding the
// draft of an event id reads only the folders that changed. Like the
// catalog, it is a cache: missing or damaged, it is rebuilt.
const eventIndexCache = "events"

type eventFolder struct {
	Draft  string
	Tree   string
	Events []string
}

// DraftOfEvent finds the id of the draft whose folder holds the event (or
// thread) whose id is ref or starts with it, in any letter case.
func (v *View) DraftOfEvent(ref string) (string, error) {
	want := strings.ToUpper(strings.TrimSpace(ref))
	if want == "" {
		return "", usagef("empty thread or event id")
	}
	folders, err := v.eventIndex()
	if err != nil {
		return "", err
	}
	var found []string
	for _, f := range folders {
		for _, id := range f.Events {
			if strings.HasPrefix(id, want) {
				found = append(found, f.Draft+" "+id)
			}
		}
	}
	switch len(found) {
	case 0:
		return "", fmt.Errorf("no thread or event %s in this repository; 'cc review show <draft>' lists them", ref)
	case 1:
		return strings.Fields(found[0])[0], nil
	}
	sort.Strings(found)
	drafts := map[string]bool{}
	for _, f := range found {
		drafts[strings.Fields(f)[0]] = true
	}
	if len(drafts) == 1 {
		// Several events of one draft: the draft's own lookup tells them apart.
		return strings.Fields(found[0])[0], nil
	}
	return "", fmt.Errorf("%s matches events of several drafts (%s); type more of the id", ref, strings.Join(found, ", "))
}

func (v *View) eventIndex() ([]eventFolder, error) {
	old := map[string]eventFolder{}
	for _, f := range decodeEventIndex(v.r.store.ReadCache(eventIndexCache)) {
		old[f.Draft] = f
	}
	dirs, err := v.snap.ReadDir(".cc/reviews")
	if isNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []eventFolder
	var changed []gitstore.Entry // the folders to list again
	var at []int                 // where each goes in out
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		f := eventFolder{Draft: path.Base(d.Path), Tree: d.Blob.String()}
		if prev, ok := old[f.Draft]; !ok || prev.Tree != f.Tree {
			changed, at = append(changed, d), append(at, len(out))
		} else {
			f = prev
		}
		out = append(out, f)
	}
	// The folders' trees are read by their ids, together: looking each
	// one up by its path would read .cc/reviews again every time.
	files, err := v.snap.WalkTrees(changed)
	if err != nil {
		return nil, err
	}
	for k, d := range changed {
		f := &out[at[k]]
		for _, e := range files[k] {
			if stem, ok := strings.CutSuffix(path.Base(e.Path), ".yaml"); ok && path.Dir(e.Path) == d.Path {
				f.Events = append(f.Events, stem)
			}
		}
	}
	if len(changed) >= catalogRewriteAfter || len(out) != len(old) {
		_ = v.r.store.WriteCache(eventIndexCache, encodeEventIndex(out))
	}
	return out, nil
}

// eventIndexHeader starts the cache; another header (an older or newer
// cc) means the cache is rebuilt.
const eventIndexHeader = "cc-events 1\n"

func encodeEventIndex(folders []eventFolder) []byte {
	var b strings.Builder
	b.WriteString(eventIndexHeader)
	for _, f := range folders {
		b.WriteString(f.Draft + "\t" + f.Tree + "\t" + strings.Join(f.Events, ",") + "\n")
	}
	return []byte(b.String())
}

// decodeEventIndex reads the cache; damaged lines are dropped, which only
// makes the next lookup read those folders again. A cache whose lines
// would cost more than content.MemoryBudget of its size to hold (a
// folder is 56 bytes and an id 16, whatever their length in the file:
// a file of empty ids costs 16 times its size) is damaged: it is
// refused whole, before anything is allocated for it, and rebuilt.
func decodeEventIndex(data []byte) []eventFolder {
	text, ok := strings.CutPrefix(string(data), eventIndexHeader)
	if !ok {
		return nil
	}
	folders, ids := 0, 0
	for rest := text; rest != ""; {
		var line string
		line, rest, _ = strings.Cut(rest, "\n")
		if _, _, events, ok := eventLine(line); ok {
			folders++
			if events != "" {
				ids += strings.Count(events, ",") + 1
			}
		}
	}
	cost := int64(len(data)) + int64(folders)*int64(unsafe.Sizeof(eventFolder{})) + int64(ids)*int64(unsafe.Sizeof(""))
	if cost > content.MemoryBudget(len(data)) {
		return nil
	}
	out := make([]eventFolder, 0, folders)
	pool := make([]string, 0, ids) // one array for every folder's ids
	for rest := text; rest != ""; {
		var line string
		line, rest, _ = strings.Cut(rest, "\n")
		draft, tree, events, ok := eventLine(line)
		if !ok {
			continue
		}
		f := eventFolder{Draft: draft, Tree: tree}
		if events != "" {
			from := len(pool)
			for id := range strings.SplitSeq(events, ",") {
				pool = append(pool, id)
			}
			f.Events = pool[from:len(pool):len(pool)]
		}
		out = append(out, f)
	}
	return out
}

// eventLine splits a cache line into its three fields, or says it is damaged.
func eventLine(line string) (draft, tree, events string, ok bool) {
	draft, rest, ok1 := strings.Cut(line, "\t")
	tree, events, ok2 := strings.Cut(rest, "\t")
	if !ok1 || !ok2 || draft == "" || len(tree) != 40 || strings.Contains(events, "\t") {
		return "", "", "", false
	}
	return draft, tree, events, true
}

package repo

import (
	"cmp"
	"fmt"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/cc-content/cc/content"
	"github.com/cc-content/cc/gitstore"
)

// eventIndexCache finds the draft of an event or thread id without
// reading the review folders: the event ids under .cc/reviews/<draft>/,
// sorted, each with its draft, for the .cc/reviews tree its keys name. A
// look-up is a binary search in the file. When .cc/reviews has changed
// since, the folders whose tree ids differ from those the index keeps are
// read again, and their lines replaced: the cost follows what changed,
// not the number of events. Like every cache it is a hint: an event found
// through it is read from its folder before it is used.
const eventIndexCache = "events"

// eventIndexHeader starts the cache; another header (an older or newer
// cc) means the cache is rebuilt.
const eventIndexHeader = "cc-events 2\n"

// eventIndex is a decoded index file. Its sections are sorted lines of the
// form of the draft index's (indexLine), substrings of the file.
type eventIndex struct {
	keys    string // the tree id of .cc/reviews, "-" when there is none, and "\n"
	folders string // "draft\ttree\n" for each review folder
	events  string // "event\tdraft\n" for each event file of a folder
	// A refresh that is not written back leaves events as the file has
	// them: the lines of the drafts in stale do not count, and those of
	// added, sorted, do.
	stale map[string]bool
	added []string
}

func (x eventIndex) encode() []byte {
	return encodeIndex(eventIndexHeader, x.keys, x.folders, x.events)
}

// decodeEventIndex reads what encode wrote; ok is false for anything else.
func decodeEventIndex(data []byte) (x eventIndex, ok bool) {
	s, ok := decodeIndex(data, eventIndexHeader, 3)
	if !ok {
		return eventIndex{}, false
	}
	return eventIndex{keys: s[0], folders: s[1], events: s[2]}, true
}

// eventIndexState is a view's event index, made on first use.
type eventIndexState struct {
	once  sync.Once
	index eventIndex
	err   error
}

// DraftOfEvent finds the id of the draft whose folder holds the event (or
// thread) whose id is ref or starts with it, in any letter case.
func (v *View) DraftOfEvent(ref string) (string, error) {
	want := strings.ToUpper(strings.TrimSpace(ref))
	if want == "" {
		return "", usagef("empty thread or event id")
	}
	x, err := v.eventIndex()
	if err != nil {
		return "", err
	}
	found := x.eventsStarting(want)
	if len(found) == 0 {
		return "", fmt.Errorf("no thread or event %s in this repository; 'cc review show <draft>' lists them", ref)
	}
	slices.SortFunc(found, func(a, b eventRef) int { return cmp.Or(strings.Compare(a.draft, b.draft), strings.Compare(a.id, b.id)) })
	if found[0].draft == found[len(found)-1].draft {
		// One event, or several of one draft: the draft's own lookup tells them apart.
		return found[0].draft, nil
	}
	names := make([]string, len(found))
	for i, f := range found {
		names[i] = f.draft + " " + f.id
	}
	return "", fmt.Errorf("%s matches events of several drafts (%s); type more of the id", ref, strings.Join(names, ", "))
}

// eventRef is an event id with the draft whose folder holds it.
type eventRef struct{ draft, id string }

// eventsStarting lists the events whose id starts with
// prefix: binary searches, then the lines that follow.
func (x eventIndex) eventsStarting(prefix string) []eventRef {
	esc := string(content.AppendCacheField(nil, prefix))
	var found []eventRef
	// add takes the line if its id starts with prefix, and says whether it does.
	add := func(line string, fresh bool) bool {
		id, draft, _ := strings.Cut(strings.TrimSuffix(line, "\n"), "\t")
		if !strings.HasPrefix(id, esc) {
			return false
		}
		id, ok1 := content.UnescapeCacheField(id)
		draft, ok2 := content.UnescapeCacheField(draft)
		if ok1 && ok2 && (fresh || !x.stale[draft]) {
			found = append(found, eventRef{draft, id})
		}
		return true
	}
	for rest := x.events[lowerBound(x.events, esc):]; rest != ""; {
		var line string
		line, rest, _ = strings.Cut(rest, "\n")
		if !add(line, false) {
			break
		}
	}
	i, _ := slices.BinarySearchFunc(x.added, esc, func(line, key string) int {
		k, _, _ := strings.Cut(line, "\t")
		return strings.Compare(k, key)
	})
	for _, line := range x.added[i:] {
		if !add(line, true) {
			break
		}
	}
	return found
}

// eventIndex is the index of the view's events, made once per view: the
// cache when it was made for this .cc/reviews, else the cache brought up
// to date and, when that read many folders, written back.
func (v *View) eventIndex() (eventIndex, error) {
	v.events.once.Do(func() {
		keys := "-\n"
		if h, err := v.snap.TreeHash(reviewsDir); err == nil {
			keys = h.String() + "\n"
		} else if !isNotExist(err) {
			v.events.err = err
			return
		}
		old, _ := decodeEventIndex(v.r.store.ReadCache(eventIndexCache))
		if old.keys == keys {
			v.events.index = old
			return
		}
		x, reread, err := v.refreshEventIndex(old, keys)
		if err != nil {
			v.events.err = err
			return
		}
		if reread >= catalogRewriteAfter || old.keys == "" {
			x = x.written()
			// A cache that cannot be written is only slower next time.
			_ = v.r.store.WriteCache(eventIndexCache, x.encode())
		}
		v.events.index = x
	})
	return v.events.index, v.events.err
}

// refreshEventIndex brings old, an index of another .cc/reviews (or none),
// to the view's, whose keys are keys: it lists .cc/reviews and reads again
// only the folders whose trees old does not have, and says how many.
func (v *View) refreshEventIndex(old eventIndex, keys string) (x eventIndex, reread int, err error) {
	x.keys, x.events, x.stale = keys, old.events, map[string]bool{}
	dirs, err := v.snap.ReadDir(reviewsDir)
	if err != nil && !isNotExist(err) {
		return x, 0, err
	}
	var folders []string
	var changed []gitstore.Entry
	present := map[string]bool{}
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		draft, tree := path.Base(d.Path), d.Blob.String()
		present[draft] = true
		folders = append(folders, indexLine(draft, tree))
		if was := lookup(old.folders, draft, false); len(was) != 1 || was[0] != tree {
			changed = append(changed, d)
			x.stale[draft] = true
		}
	}
	// Folders gone since old.
	for rest := old.folders; rest != ""; {
		var line string
		line, rest, _ = strings.Cut(rest, "\n")
		draft, _, _ := strings.Cut(line, "\t")
		if draft, ok := content.UnescapeCacheField(draft); ok && !present[draft] {
			x.stale[draft] = true
		}
	}
	// The folders' trees are read by their ids, together: looking each
	// one up by its path would read .cc/reviews again every time.
	files, err := v.snap.WalkTrees(changed)
	if err != nil {
		return x, 0, err
	}
	for k, d := range changed {
		draft := path.Base(d.Path)
		for _, e := range files[k] {
			if stem, ok := strings.CutSuffix(path.Base(e.Path), ".yaml"); ok && path.Dir(e.Path) == d.Path {
				x.added = append(x.added, indexLine(stem, draft))
			}
		}
	}
	slices.SortFunc(x.added, compareLines)
	slices.SortFunc(folders, compareLines)
	x.folders = strings.Join(folders, "")
	return x, len(changed), nil
}

// written is x as one file holds it: its events merged.
func (x eventIndex) written() eventIndex {
	if x.stale != nil || x.added != nil {
		x.events = mergeLines(keptLines(x.events, x.stale), x.added)
		x.stale, x.added = nil, nil
	}
	return x
}

// keptLines is the lines of section s whose value (a draft) is not one
// of drop, in order; damaged lines are dropped too.
func keptLines(s string, drop map[string]bool) []string {
	var out []string
	for rest := s; rest != ""; {
		i := strings.IndexByte(rest, '\n')
		if i < 0 {
			break // damaged: a cache only
		}
		line := rest[:i+1]
		rest = rest[i+1:]
		_, draft, tab := strings.Cut(line[:i], "\t")
		if d, ok := content.UnescapeCacheField(draft); ok && tab && !drop[d] {
			out = append(out, line)
		}
	}
	return out
}

// mergeLines merges two sorted runs of lines into one section.
func mergeLines(a, b []string) string {
	var sb strings.Builder
	for len(a) > 0 || len(b) > 0 {
		if len(b) == 0 || len(a) > 0 && !lineLess(b[0], a[0]) {
			sb.WriteString(a[0])
			a = a[1:]
		} else {
			sb.WriteString(b[0])
			b = b[1:]
		}
	}
	return sb.String()
}

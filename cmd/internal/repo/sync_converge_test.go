package repo

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cc-content/cc/review"
)

// convergeParams is how long the convergence test runs: short by default
// (CI), long with CC_SYNC_LONG=1.
func convergeParams() (seeds, steps int) {
	if os.Getenv("CC_SYNC_LONG") != "" {
		return 12, 400
	}
	return 3, 36
}

// clone is one person's clone in the convergence test.
type clone struct {
	r      *Repo
	dir    string
	who    review.Person
	own    int // the paragraph only this person edits
	thread []string
}

// world is what the convergence test did, to check at the end.
type world struct {
	t       *testing.T
	rng     *rand.Rand
	clones  []*clone
	drafts  []string // ids
	events  []string // every event id recorded
	tokens  []string // every word an edit added
	next    int
	stopped int // syncs that stopped on a conflict
}

// draftBody has one paragraph per clone, and a shared one all may edit.
const draftBody = "P0\n\nP1\n\nP2\n\nPS\n"

// Three clones act at random (new drafts, edits to their own paragraph
// and to a shared one, comments, replies, approvals, resolves) and sync
// in random order. At the end all three hold the same tree, every action
// is there exactly once, git fsck is clean, and every edit both sides
// made to the shared paragraph was reported as a conflict, never dropped.
func TestSyncConverges(t *testing.T) {
	seeds, steps := convergeParams()
	for seed := range seeds {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			w := &world{t: t, rng: rand.New(rand.NewPCG(uint64(seed), 7))}
			bare := newRemote(t, t.TempDir(), "site.git")
			r, dir, id := firstClone(t, bare)
			writeFile(t, dir, draftPath(t, r, id), "---\nid: "+id+"\ntitle: Launch plan\n---\n"+draftBody)
			mustSync(t, r, ada)
			w.drafts = []string{id}
			w.clones = []*clone{{r: r, dir: dir, who: ada, own: 0}}
			for i, p := range []review.Person{grace, lin} {
				c, cdir := cloneOf(t, bare, bare)
				w.clones = append(w.clones, &clone{r: c, dir: cdir, who: p, own: i + 1})
			}
			for range steps {
				w.step(w.clones[w.rng.IntN(len(w.clones))])
			}
			w.finish(bare)
			t.Logf("%d drafts, %d events, %d edits, %d syncs stopped on a conflict", len(w.drafts), len(w.events), len(w.tokens), w.stopped)
		})
	}
}

func draftPath(t *testing.T, r *Repo, id string) string {
	t.Helper()
	v, err := r.View()
	if err != nil {
		t.Fatal(err)
	}
	e, err := v.FindDraft(id)
	if err != nil {
		t.Fatal(err)
	}
	return e.Path
}

func (w *world) token() string {
	w.next++
	return fmt.Sprintf("w%05d", w.next)
}

// step makes c do one random thing.
func (w *world) step(c *clone) {
	t := w.t
	a := as(c.who, time.Now())
	v, err := c.r.View()
	if err != nil {
		t.Fatal(err)
	}
	known := w.known(v)
	id := known[w.rng.IntN(len(known))]
	if w.rng.IntN(2) == 0 {
		id = w.drafts[0] // most work is on one draft, where edits meet
	}
	switch n := w.rng.IntN(10); {
	case n < 3:
		w.sync(c)
	case n == 3:
		tok := w.token()
		d, err := c.r.NewDraft(a, NewDraft{Title: "Draft " + tok, Body: []byte(draftBody)})
		if err != nil {
			t.Fatal(err)
		}
		w.drafts = append(w.drafts, d.Entry.ID)
	case n < 6:
		par := fmt.Sprintf("P%d", c.own)
		if w.rng.IntN(2) == 0 {
			par = "PS"
		}
		tok := w.token()
		p := draftPath(t, c.r, id)
		text := readWorktree(t, c.dir, p)
		re := regexp.MustCompile("(?m)^" + par + "( w[0-9]+)*$")
		if !re.MatchString(text) {
			t.Fatalf("%s lost its paragraph %s:\n%s", p, par, text)
		}
		writeFile(t, c.dir, p, re.ReplaceAllStringFunc(text, func(s string) string { return s + " " + tok }))
		if _, err := c.r.Save(a, []string{id}, "", SaveOptions{}); err != nil {
			t.Fatal(err)
		}
		w.tokens = append(w.tokens, tok)
	case n == 6 || n >= 7 && len(c.thread) == 0:
		rec, err := c.r.Comment(a, id, Comment{Body: "comment " + w.token()})
		if err != nil {
			t.Fatal(err)
		}
		c.thread = append(c.thread, rec.Event.Thread)
		w.events = append(w.events, rec.Event.ID)
	case n == 7:
		th := c.thread[w.rng.IntN(len(c.thread))]
		rec, err := c.r.Comment(a, w.threadDraft(v, th), Comment{Body: "reply " + w.token(), ReplyTo: th})
		if err != nil {
			t.Fatal(err)
		}
		w.events = append(w.events, rec.Event.ID)
	case n == 8:
		if rec, err := c.r.Approve(a, id, ""); err == nil {
			w.events = append(w.events, rec.Event.ID)
		} else if !isPolicyRefusal(err) {
			t.Fatal(err)
		}
	default:
		if len(c.thread) == 0 {
			return
		}
		i := w.rng.IntN(len(c.thread))
		rec, err := c.r.SetThreadState(a, c.thread[i], review.TypeResolve, "")
		if err != nil {
			t.Fatal(err)
		}
		w.events = append(w.events, rec.Event.ID)
		c.thread = slices.Delete(c.thread, i, i+1)
	}
}

// isPolicyRefusal is an action the workflow refuses (approving one's own
// draft, or again): a review.Refusal, not a failure.
func isPolicyRefusal(err error) bool {
	var rf *review.Refusal
	return errors.As(err, &rf)
}

// known lists the drafts this clone has.
func (w *world) known(v *View) []string {
	drafts, err := v.Drafts()
	if err != nil {
		w.t.Fatal(err)
	}
	var ids []string
	for _, d := range drafts {
		ids = append(ids, d.ID)
	}
	return ids
}

// threadDraft finds the draft a thread belongs to.
func (w *world) threadDraft(v *View, thread string) string {
	for _, id := range w.known(v) {
		rv, err := v.Review(id)
		if err != nil {
			w.t.Fatal(err)
		}
		for _, ev := range rv.Events {
			if ev.Thread == thread {
				return id
			}
		}
	}
	w.t.Fatalf("thread %s is on no draft", thread)
	return ""
}

// sync syncs c; a conflict (only the shared paragraph can have one) is
// resolved by keeping every word of both sides, and the sync continued.
func (w *world) sync(c *clone) {
	t := w.t
	_, err := c.r.Sync(context.Background(), as(c.who, time.Now()), SyncOptions{})
	var ce *SyncConflictError
	if !errors.As(err, &ce) {
		if err != nil {
			t.Fatalf("sync %s: %v", c.who.Name, err)
		}
		return
	}
	w.stopped++
	for _, pc := range ce.Conflicts {
		if len(pc.Regions) == 0 {
			t.Fatalf("conflict without regions: %+v", pc)
		}
		text := readWorktree(t, c.dir, pc.Path)
		writeFile(t, c.dir, pc.Path, resolveShared(t, text))
	}
	if _, err := c.r.ContinueSync(context.Background(), as(c.who, time.Now()), SyncOptions{}); err != nil {
		t.Fatalf("continue %s: %v", c.who.Name, err)
	}
}

var conflictRegion = regexp.MustCompile(`(?s)<<<<<<< [^\n]*\n(.*?)=======\n(.*?)>>>>>>> [^\n]*\n`)

// resolveShared replaces each conflict region, which must be about the
// shared paragraph, with that paragraph holding every word of both sides.
func resolveShared(t *testing.T, text string) string {
	return conflictRegion.ReplaceAllStringFunc(text, func(region string) string {
		m := conflictRegion.FindStringSubmatch(region)
		words := map[string]bool{}
		for _, side := range m[1:] {
			for _, line := range strings.Split(strings.TrimSpace(side), "\n") {
				f := strings.Fields(line)
				if len(f) == 0 || f[0] != "PS" {
					t.Fatalf("conflict outside the shared paragraph:\n%s", region)
				}
				for _, w := range f[1:] {
					words[w] = true
				}
			}
		}
		var ws []string
		for w := range words {
			ws = append(ws, w)
		}
		slices.Sort(ws)
		return strings.Join(append([]string{"PS"}, ws...), " ") + "\n"
	})
}

// finish syncs every clone until all are at the remote's tip, then checks
// that nothing was lost or doubled.
func (w *world) finish(bare string) {
	t := w.t
	for round := 0; ; round++ {
		for _, c := range w.clones {
			w.sync(c)
		}
		tip := strings.TrimSpace(git(t, bare, "rev-parse", "main"))
		same := true
		for _, c := range w.clones {
			same = same && strings.TrimSpace(git(t, c.dir, "rev-parse", "HEAD")) == tip
		}
		if same {
			break
		}
		if round == 3 {
			t.Fatal("the clones did not converge")
		}
	}
	if out := git(t, bare, "fsck", "--strict", "--no-dangling", "--no-progress"); strings.TrimSpace(out) != "" {
		t.Errorf("remote: git fsck --strict:\n%s", out)
	}
	first := w.clones[0]
	tree := git(t, first.dir, "rev-parse", "HEAD^{tree}")
	for _, c := range w.clones {
		if got := git(t, c.dir, "rev-parse", "HEAD^{tree}"); got != tree {
			t.Errorf("%s has tree %s, %s has %s", c.who.Name, got, first.who.Name, tree)
		}
		checkClean(t, c.dir)
	}
	files := eventFiles(t, first.dir)
	if len(files) != len(w.events) {
		t.Errorf("%d event files, %d events recorded", len(files), len(w.events))
	}
	all := strings.Join(files, "\n")
	for _, id := range w.events {
		if strings.Count(all, id) != 1 {
			t.Errorf("event %s is there %d times", id, strings.Count(all, id))
		}
	}
	var text strings.Builder
	for _, id := range w.drafts {
		text.WriteString(readWorktree(t, first.dir, draftPath(t, first.r, id)))
	}
	for _, tok := range w.tokens {
		if n := strings.Count(text.String(), " "+tok); n != 1 {
			t.Errorf("edit %s is there %d times", tok, n)
		}
	}
}

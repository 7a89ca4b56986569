package gitstore

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// lockFile is a git lock file ("<file>.lock") held by this process.
//
// It is created the way git creates one, exclusively, but through a hard
// link from a private file (tmp) in the common git dir: link fails when the
// lock exists, just as O_EXCL does, and tmp, named in the journal before it
// is created, pins the lock's identity. After a kill -9 the next commit
// removes the lock only if it is still the same file as tmp, so a lock that
// git took in the meantime is never touched. While tmp exists the inode
// cannot be reused.
type lockFile struct {
	path   string // <target>.lock
	target string
	tmp    string // "" when the file system has no hard links
	f      *os.File
}

// lockTempName returns a fresh name for a lock's private file.
func lockTempName(commonDir string) string { return randomName(commonDir, "cc-lock-", ".tmp") }

// randomName returns a name in dir made of prefix, 16 random hex digits
// and suffix.
func randomName(dir, prefix, suffix string) string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return filepath.Join(dir, prefix+hex.EncodeToString(b[:])+suffix)
}

// lockBusyError reports a lock file someone else holds.
type lockBusyError struct{ path string }

func (e *lockBusyError) Error() string {
	return fmt.Sprintf("unable to lock %s: the file exists; another git process seems to be running in this repository; if not, remove the file and retry", e.path)
}

// acquireLock takes target's lock, retrying with backoff while it exists for
// up to wait. tmp must already be recorded in the journal.
func acquireLock(target, tmp string, wait time.Duration) (*lockFile, error) {
	l := &lockFile{path: target + ".lock", target: target, tmp: tmp}
	f, err := os.OpenFile(tmp, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o666)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", target, err)
	}
	l.f = f
	deadline := time.Now().Add(wait)
	delay := time.Millisecond
	for {
		err = os.Link(tmp, l.path)
		if errors.Is(err, fs.ErrNotExist) {
			if mkerr := os.MkdirAll(filepath.Dir(l.path), 0o755); mkerr == nil {
				err = os.Link(tmp, l.path)
			}
		}
		if err == nil {
			return l, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			// No hard links here: fall back to git's O_EXCL. The lock then
			// has no recorded identity and a crash can leave it behind.
			f.Close()
			os.Remove(tmp)
			l.tmp = ""
			l.f, err = os.OpenFile(l.path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o666)
			if err == nil {
				return l, nil
			}
			if !errors.Is(err, fs.ErrExist) {
				return nil, fmt.Errorf("lock %s: %w", target, err)
			}
			f, err = os.OpenFile(tmp, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o666)
			if err != nil {
				return nil, fmt.Errorf("lock %s: %w", target, err)
			}
			l.f, l.tmp = f, tmp
		}
		if time.Now().After(deadline) {
			l.f.Close()
			os.Remove(tmp)
			return nil, &lockBusyError{l.path}
		}
		time.Sleep(jitter(delay))
		delay = min(delay*2, 100*time.Millisecond)
	}
}

// write replaces the lock's content.
func (l *lockFile) write(b []byte) error {
	if _, err := l.f.WriteAt(b, 0); err != nil {
		return fmt.Errorf("write %s: %w", l.path, err)
	}
	if err := l.f.Truncate(int64(len(b))); err != nil {
		return fmt.Errorf("write %s: %w", l.path, err)
	}
	// Renaming it over a file makes ext4 (auto_da_alloc) allocate and
	// start writing its blocks in the rename itself: started now, that
	// is done by the time the rename comes.
	startWriteback(l.f, 0, int64(len(b)))
	return nil
}

// writeParts replaces the lock's content with the pieces, in order.
func (l *lockFile) writeParts(parts [][]byte) error {
	var off int64
	for _, p := range parts {
		if _, err := l.f.WriteAt(p, off); err != nil {
			return fmt.Errorf("write %s: %w", l.path, err)
		}
		off += int64(len(p))
	}
	if err := l.f.Truncate(off); err != nil {
		return fmt.Errorf("write %s: %w", l.path, err)
	}
	return nil
}

// commit closes the lock and renames it over its target.
func (l *lockFile) commit() error {
	err := l.f.Close()
	if err == nil {
		err = os.Rename(l.path, l.target)
	}
	if l.tmp != "" {
		os.Remove(l.tmp)
	}
	if err != nil {
		os.Remove(l.path)
		return fmt.Errorf("update %s: %w", l.target, err)
	}
	return nil
}

// release drops the lock without touching the target.
func (l *lockFile) release() {
	l.f.Close()
	os.Remove(l.path)
	if l.tmp != "" {
		os.Remove(l.tmp)
	}
}

// jitter spreads retries of competing processes apart.
func jitter(d time.Duration) time.Duration {
	var b [2]byte
	_, _ = rand.Read(b[:])
	return d/2 + time.Duration(int64(b[0])<<8|int64(b[1]))*d/65536
}

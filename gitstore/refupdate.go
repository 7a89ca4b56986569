package gitstore

import (
	"fmt"
	"os"
)

// setRef points a ref that only fetches and cc move (a remote-tracking
// ref, cc's own refs/cc/*) at h, or removes it when h is zero, with git's
// lock-file protocol so a concurrent git never reads half a ref. Such a
// ref is a record of what was seen, so the last writer wins.
func (s *Store) setRef(name string, h Hash) error {
	if err := checkRefName(name); err != nil {
		return err
	}
	tmp := lockTempName(s.commonDir)
	lk, err := acquireLock(s.refPath(name), tmp, refLockWait)
	if err != nil {
		return err
	}
	if h.IsZero() {
		defer lk.release()
		if err := os.Remove(s.refPath(name)); err != nil && !os.IsNotExist(err) {
			return fmt.Errorf("remove %s: %w", name, err)
		}
		return nil
	}
	if err := lk.write([]byte(h.String() + "\n")); err != nil {
		lk.release()
		return err
	}
	return lk.commit()
}

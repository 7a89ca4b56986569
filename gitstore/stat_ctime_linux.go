//go:build linux

package gitstore

import "syscall"

func statCtime(st *syscall.Stat_t) (sec, nsec int64) { return st.Ctim.Sec, st.Ctim.Nsec }

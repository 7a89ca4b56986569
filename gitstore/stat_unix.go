//go:build unix

package gitstore

import (
	"os"
	"syscall"
)

// fileStat returns the index stat data git records for a file.
func fileStat(fi os.FileInfo) statData {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return statFallback(fi)
	}
	cs, cn := statCtime(st)
	mt := fi.ModTime()
	return statData{
		ctimeSec: uint32(cs), ctimeNsec: uint32(cn),
		mtimeSec: uint32(mt.Unix()), mtimeNsec: uint32(mt.Nanosecond()),
		dev: uint32(st.Dev), ino: uint32(st.Ino), uid: st.Uid, gid: st.Gid,
		size: uint32(fi.Size()),
	}
}

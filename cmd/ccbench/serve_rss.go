package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// serverPeakRSS is the high-water mark of process pid's resident memory in KiB
// (VmHWM in /proc/PID/status), read while the process runs: its rusage
// after exit would start from ccbench's own RSS (see spawn.go).
func serverPeakRSS(pid int) (int64, error) {
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	return parseVmHWM(status)
}

// parseVmHWM reads the "VmHWM:  123 kB" line of a /proc status file.
func parseVmHWM(status []byte) (int64, error) {
	lines := bufio.NewScanner(bytes.NewReader(status))
	for lines.Scan() {
		rest, ok := strings.CutPrefix(lines.Text(), "VmHWM:")
		if !ok {
			continue
		}
		n, ok := strings.CutSuffix(strings.TrimSpace(rest), " kB")
		if !ok {
			return 0, fmt.Errorf("VmHWM %q: not in kB", strings.TrimSpace(rest))
		}
		kib, err := strconv.ParseInt(n, 10, 64)
		if err != nil || kib < 0 {
			return 0, fmt.Errorf("VmHWM %q: not a size", strings.TrimSpace(rest))
		}
		return kib, nil
	}
	return 0, fmt.Errorf("no VmHWM line")
}

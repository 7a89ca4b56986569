package main

import (
	"os"
	"strings"
	"testing"
)

// TestServerPeakRSS reads this test's own peak, which holds at least the slice
// it has just touched.
func TestServerPeakRSS(t *testing.T) {
	big := make([]byte, 64<<20)
	for i := range big {
		big[i] = 1
	}
	kib, err := serverPeakRSS(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	if kib < 64<<10 {
		t.Errorf("peak %d KiB, below the 64 MiB just touched", kib)
	}
	if big[len(big)-1] != 1 {
		t.Fatal("unreachable: keeps big alive")
	}
}

func TestParseVmHWM(t *testing.T) {
	for status, want := range map[string]int64{
		"Name:\tcc\nVmPeak:\t  900 kB\nVmHWM:\t  462120 kB\nVmRSS:\t 1 kB\n": 462120,
		"VmHWM: 0 kB\n": 0,
	} {
		if got, err := parseVmHWM([]byte(status)); err != nil || got != want {
			t.Errorf("%q: %d, %v; want %d", status, got, err, want)
		}
	}
	for _, status := range []string{"", "VmRSS:\t1 kB\n", "VmHWM:\t12 MB\n", "VmHWM:\t-4 kB\n", "VmHWM:\tx kB\n"} {
		if got, err := parseVmHWM([]byte(status)); err == nil {
			t.Errorf("%q: %d, want an error", status, got)
		}
	}
}

func FuzzParseVmHWM(f *testing.F) {
	f.Add([]byte("VmHWM:\t  462120 kB\n"))
	f.Add([]byte("Name:\tcc\nVmHWM: 1 kB"))
	f.Fuzz(func(t *testing.T, status []byte) {
		kib, err := parseVmHWM(status)
		if err != nil {
			return
		}
		if kib < 0 || !strings.Contains(string(status), "VmHWM:") {
			t.Errorf("%q: %d", status, kib)
		}
	})
}

package gitstore

import (
	"os"
	"testing"
)

// A cache file written in parts replaces the old one only when it is
// committed; an aborted one leaves the old one and no temporary file.
func TestCreateCache(t *testing.T) {
	s := openStore(t, newRepo(t))
	if err := s.WriteCache("c", []byte("old\n")); err != nil {
		t.Fatal(err)
	}
	c, err := s.CreateCache("c")
	if err != nil {
		t.Fatal(err)
	}
	for _, part := range []string{"new", " in parts\n"} {
		if _, err := c.Write([]byte(part)); err != nil {
			t.Fatal(err)
		}
	}
	if got := string(s.ReadCache("c")); got != "old\n" {
		t.Fatalf("before Commit the cache reads %q", got)
	}
	if err := c.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := string(s.ReadCache("c")); got != "new in parts\n" {
		t.Fatalf("after Commit the cache reads %q", got)
	}
	c, err = s.CreateCache("c")
	if err != nil {
		t.Fatal(err)
	}
	c.Write([]byte("never\n"))
	c.Abort()
	if got := string(s.ReadCache("c")); got != "new in parts\n" {
		t.Fatalf("after Abort the cache reads %q", got)
	}
	files, err := os.ReadDir(s.cacheDir())
	if err != nil || len(files) != 1 {
		t.Fatalf("cache folder holds %v (%v); want the one file", files, err)
	}
	if _, err := s.CreateCache(".hidden"); err == nil {
		t.Fatal("CreateCache(\".hidden\") succeeded")
	}
}

// A store that ignores caches reads none, and writes what it is given.
func TestIgnoreCaches(t *testing.T) {
	dir := newRepo(t)
	planted := openStore(t, dir)
	if err := planted.WriteCache("c", []byte("planted\n")); err != nil {
		t.Fatal(err)
	}
	s := openStore(t, dir)
	s.IgnoreCaches()
	if got := s.ReadCache("c"); got != nil {
		t.Fatalf("a store that ignores caches reads %q", got)
	}
	if err := s.WriteCache("c", []byte("made\n")); err != nil {
		t.Fatal(err)
	}
	if got := string(planted.ReadCache("c")); got != "made\n" {
		t.Fatalf("another store reads %q after the write", got)
	}
}

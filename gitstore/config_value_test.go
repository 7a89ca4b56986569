package gitstore

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestConfigValue(t *testing.T) {
	dir := newRepo(t)
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	writeFile(t, filepath.Join(home, ".gitconfig"), "[user]\n\tsigningKey = ~/.ssh/global.pub\n\temail = home@x\n"+
		"[gpg]\n\tformat = ssh\n[gpg \"ssh\"]\n\tallowedSignersFile = ~/allowed\n[include]\n\tpath = ~/.inc\n")
	writeFile(t, filepath.Join(home, ".inc"), "[core]\n\tbare\n[cc]\n\tflag\n")
	runGit(t, dir, "config", "user.signingkey", "key::ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE0 ada's key")
	s := openStore(t, dir)

	for _, tc := range []struct {
		key, want string
		ok        bool
	}{
		{"user.signingKey", "key::ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE0 ada's key", true}, // the repository's wins
		{"USER.SIGNINGKEY", "key::ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE0 ada's key", true},
		{"gpg.format", "ssh", true},
		{"gpg.ssh.allowedSignersFile", "~/allowed", true},
		{"gpg.SSH.allowedSignersFile", "", false}, // subsections are case-sensitive
		{"core.bare", "false", true},              // the include's comes first, the repository's last
		{"user.nosuchkey", "", false},
		{"cc.flag", "true", true}, // no value: true, as a boolean
	} {
		got, ok, err := s.ConfigValue(tc.key)
		if err != nil || got != tc.want || ok != tc.ok {
			t.Errorf("ConfigValue(%q) = %q, %v, %v; want %q, %v", tc.key, got, ok, err, tc.want, tc.ok)
		}
		if tc.ok && tc.key != "cc.flag" {
			if git := runGit(t, dir, "config", "--get", tc.key); git != tc.want {
				t.Errorf("%s: git says %q, cc %q", tc.key, git, got)
			}
		}
	}

	t.Setenv("GIT_CONFIG_COUNT", "1")
	t.Setenv("GIT_CONFIG_KEY_0", "user.signingKey")
	t.Setenv("GIT_CONFIG_VALUE_0", "/keys/ci")
	if got, ok, err := s.ConfigValue("user.signingkey"); err != nil || !ok || got != "/keys/ci" {
		t.Errorf("with GIT_CONFIG_COUNT: %q, %v, %v", got, ok, err)
	}

	writeFile(t, filepath.Join(home, ".inc"), "[core\n")
	if _, _, err := s.ConfigValue("user.signingkey"); err == nil {
		t.Error("a broken config file is not an error")
	}
}

// TestConfigKept checks that config reads the files again when anything it
// read them with changes, and only then.
func TestConfigKept(t *testing.T) {
	dir := newRepo(t)
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	old := time.Now().Add(-time.Hour)
	age := func(path string) {
		t.Helper()
		if err := os.Chtimes(path, old, old); err != nil {
			t.Fatal(err)
		}
	}
	global, inc := filepath.Join(home, ".gitconfig"), filepath.Join(home, ".inc")
	writeFile(t, global, "[include]\n\tpath = ~/.inc\n[includeIf \"onbranch:feature\"]\n\tpath = ~/.feature\n")
	writeFile(t, inc, "[cc]\n\tv = one\n")
	writeFile(t, filepath.Join(home, ".feature"), "[cc]\n\tbranch = feature\n")
	for _, p := range []string{global, inc, filepath.Join(home, ".feature"), filepath.Join(dir, ".git", "config")} {
		age(p)
	}
	s := openStore(t, dir)
	get := func(key string) string {
		t.Helper()
		v, _, err := s.ConfigValue(key)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	first, err := s.config()
	if err != nil {
		t.Fatal(err)
	}
	if again, _ := s.config(); again != first {
		t.Fatal("the configuration was read again although nothing changed")
	}

	steps := []struct {
		name   string
		change func()
		key    string
		want   string
	}{
		{"an included file rewritten in place, same time", func() {
			writeFile(t, inc, "[cc]\n\tv = three\n")
			age(inc)
		}, "cc.v", "three"},
		{"an included file rewritten in place, same size and time", func() {
			writeFile(t, inc, "[cc]\n\tv = thre3\n")
			age(inc)
		}, "cc.v", "thre3"},
		{"an included file replaced", func() {
			next := inc + ".new"
			writeFile(t, next, "[cc]\n\tv = two\n")
			age(next)
			if err := os.Rename(next, inc); err != nil {
				t.Fatal(err)
			}
		}, "cc.v", "two"},
		{"a missing file created", func() {
			xdg := filepath.Join(home, ".config", "git", "config")
			writeFile(t, xdg, "[cc]\n\txdg = yes\n")
			age(xdg)
		}, "cc.xdg", "yes"},
		{"an environment variable set", func() {
			t.Setenv("GIT_CONFIG_COUNT", "1")
			t.Setenv("GIT_CONFIG_KEY_0", "cc.env")
			t.Setenv("GIT_CONFIG_VALUE_0", "set")
		}, "cc.env", "set"},
		{"another branch", func() { runGit(t, dir, "checkout", "-q", "-b", "feature") }, "cc.branch", "feature"},
	}
	for _, st := range steps {
		st.change()
		if got := get(st.key); got != st.want {
			t.Errorf("after %s: %s = %q, want %q", st.name, st.key, got, st.want)
		}
	}

	// A file written a moment ago could change again within the same tick
	// of the file system's clock: it is read every time.
	writeFile(t, inc, "[cc]\n\tv = fresh\n")
	a, _ := s.config()
	b, _ := s.config()
	if a == b {
		t.Error("a configuration read from a file written a moment ago was kept")
	}
	if got := get("cc.v"); got != "fresh" {
		t.Errorf("cc.v = %q, want fresh", got)
	}
}

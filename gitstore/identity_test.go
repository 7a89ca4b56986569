package gitstore

import (
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestIdentityResolution(t *testing.T) {
	now := time.Unix(1764000000, 0).UTC()
	type files map[string]string // path relative to the test root; "repo/" is the git dir's parent
	tests := []struct {
		name      string
		files     files
		env       map[string]string
		role      string
		branch    string
		wantName  string
		wantEmail string
		wantErr   string
	}{
		{name: "env wins", files: files{"home/.gitconfig": "[user]\nname = Cfg\nemail = cfg@x\n"},
			env: map[string]string{"GIT_AUTHOR_NAME": "Env", "GIT_AUTHOR_EMAIL": "env@x"}, wantName: "Env", wantEmail: "env@x"},
		{name: "repo over global", files: files{"home/.gitconfig": "[user]\nname = Global\nemail = g@x\n", "repo/.git/config": "[user]\n\tname = Repo\n"},
			wantName: "Repo", wantEmail: "g@x"},
		{name: "author.* over user.*", files: files{"home/.gitconfig": "[user]\nname = U\nemail = u@x\n[author]\nname = A\n"},
			wantName: "A", wantEmail: "u@x"},
		{name: "committer keys", role: "committer", files: files{"home/.gitconfig": "[user]\nname = U\nemail = u@x\n[committer]\nemail = c@x\n[author]\nemail = a@x\n"},
			wantName: "U", wantEmail: "c@x"},
		{name: "xdg then ~/.gitconfig", files: files{"home/.config/git/config": "[user]\nname = Xdg\nemail = xdg@x\n", "home/.gitconfig": "[user]\nname = Home\n"},
			wantName: "Home", wantEmail: "xdg@x"},
		{name: "XDG_CONFIG_HOME", files: files{"xdg/git/config": "[user]\nname = Xdg\nemail = xdg@x\n"},
			env: map[string]string{"XDG_CONFIG_HOME": "@/xdg"}, wantName: "Xdg", wantEmail: "xdg@x"},
		{name: "GIT_CONFIG_GLOBAL replaces both", files: files{"home/.gitconfig": "[user]\nname = Home\nemail = h@x\n", "other": "[user]\nname = Other\nemail = o@x\n"},
			env: map[string]string{"GIT_CONFIG_GLOBAL": "@/other"}, wantName: "Other", wantEmail: "o@x"},
		{name: "relative include", files: files{"home/.gitconfig": "[include]\npath = inc/id\n", "home/inc/id": "[user]\nname = Inc\nemail = inc@x\n"},
			wantName: "Inc", wantEmail: "inc@x"},
		{name: "include order: later key wins", files: files{"home/.gitconfig": "[include]\npath = ~/id\n[user]\nname = After\n", "home/id": "[user]\nname = Inc\nemail = inc@x\n"},
			wantName: "After", wantEmail: "inc@x"},
		{name: "include order: include after key wins", files: files{"home/.gitconfig": "[user]\nname = Before\n[include]\npath = ~/id\n", "home/id": "[user]\nname = Inc\nemail = inc@x\n"},
			wantName: "Inc", wantEmail: "inc@x"},
		{name: "includeIf gitdir trailing slash", files: files{"home/.gitconfig": "[user]\nname = Personal\nemail = me@x\n[includeIf \"gitdir:@/repo/\"]\npath = work\n", "home/work": "[user]\nemail = work@x\n"},
			wantName: "Personal", wantEmail: "work@x"},
		{name: "includeIf gitdir ~/ no match", files: files{"home/.gitconfig": "[user]\nname = Personal\nemail = me@x\n[includeIf \"gitdir:~/work/\"]\npath = work\n", "home/work": "[user]\nemail = work@x\n"},
			wantName: "Personal", wantEmail: "me@x"},
		{name: "includeIf gitdir relative pattern", files: files{"home/.gitconfig": "[user]\nname = P\nemail = me@x\n[includeIf \"gitdir:repo/.git\"]\npath = work\n", "home/work": "[user]\nemail = work@x\n"},
			wantName: "P", wantEmail: "work@x"},
		{name: "includeIf gitdir/i", files: files{"home/.gitconfig": "[user]\nname = P\nemail = me@x\n[includeIf \"gitdir/i:**/REPO/\"]\npath = work\n", "home/work": "[user]\nemail = work@x\n"},
			wantName: "P", wantEmail: "work@x"},
		{name: "includeIf gitdir case-sensitive", files: files{"home/.gitconfig": "[user]\nname = P\nemail = me@x\n[includeIf \"gitdir:**/REPO/\"]\npath = work\n", "home/work": "[user]\nemail = work@x\n"},
			wantName: "P", wantEmail: "me@x"},
		{name: "includeIf onbranch", branch: "release/1", files: files{"home/.gitconfig": "[user]\nname = P\nemail = me@x\n[includeIf \"onbranch:release/\"]\npath = rel\n", "home/rel": "[user]\nname = Rel\n"},
			wantName: "Rel", wantEmail: "me@x"},
		{name: "GIT_CONFIG_COUNT last", files: files{"repo/.git/config": "[user]\nname = Repo\nemail = r@x\n"},
			env: map[string]string{"GIT_CONFIG_COUNT": "1", "GIT_CONFIG_KEY_0": "user.NAME", "GIT_CONFIG_VALUE_0": "Param"}, wantName: "Param", wantEmail: "r@x"},
		{name: "EMAIL fallback", files: files{"home/.gitconfig": "[user]\nname = N\n"},
			env: map[string]string{"EMAIL": "mail@x"}, wantName: "N", wantEmail: "mail@x"},
		{name: "system file", files: files{"sys": "[user]\nname = Sys\nemail = s@x\n"},
			env: map[string]string{"GIT_CONFIG_NOSYSTEM": "", "GIT_CONFIG_SYSTEM": "@/sys"}, wantName: "Sys", wantEmail: "s@x"},
		{name: "none", wantErr: "author name and e-mail unknown: set it with git config --global user.name \"Your Name\" and git config --global user.email you@example.com (or GIT_AUTHOR_NAME and GIT_AUTHOR_EMAIL)"},
		{name: "name without email", files: files{"home/.gitconfig": "[user]\nname = N\n"}, wantErr: "author e-mail unknown: set it with git config --global user.email you@example.com (or GIT_AUTHOR_EMAIL)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			for p, data := range tc.files {
				writeFile(t, filepath.Join(root, p), strings.ReplaceAll(data, "@/", root+"/"))
			}
			env := map[string]string{"HOME": filepath.Join(root, "home"), "GIT_CONFIG_NOSYSTEM": "1"}
			for k, v := range tc.env {
				env[k] = strings.ReplaceAll(v, "@/", root+"/")
			}
			getenv := func(k string) string { return env[k] }
			gitDir := filepath.Join(root, "repo", ".git")
			cfg, err := loadConfig(configEnv{getenv: getenv, gitDir: gitDir, branch: tc.branch}, gitDir)
			if err != nil {
				t.Fatal(err)
			}
			role := tc.role
			if role == "" {
				role = "author"
			}
			sig, err := resolveIdentity(cfg, getenv, role, now)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("got %+v, %v; want error %q", sig, err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if sig.Name != tc.wantName || sig.Email != tc.wantEmail || !sig.When.Equal(now) {
				t.Fatalf("got %q <%s> %v, want %q <%s>", sig.Name, sig.Email, sig.When, tc.wantName, tc.wantEmail)
			}
		})
	}
}

func TestParseGitDate(t *testing.T) {
	want := time.Date(2025, 11, 24, 16, 0, 0, 0, time.UTC)
	for _, s := range []string{"1764000000 +0000", "@1764000000 +0200", "2025-11-24T16:00:00Z", "2025-11-24T18:00:00+02:00",
		"Mon, 24 Nov 2025 17:00:00 +0100", "24 Nov 2025 16:00:00 +0000"} {
		got, err := parseGitDate(s)
		if err != nil || !got.Equal(want) {
			t.Errorf("parseGitDate(%q) = %v, %v", s, got, err)
		}
	}
	if _, err := parseGitDate("yesterday"); err == nil {
		t.Error("accepted yesterday")
	}
	var b []byte
	got, _ := parseGitDate("1764000000 -0130")
	b = appendIdent(b, Signature{Name: "N", Email: "e", When: got})
	if string(b) != "N <e> 1764000000 -0130" {
		t.Errorf("ident %q", b)
	}
}

// TestAuthorFromRepository checks the whole path on a real repository:
// env over config, and includeIf gitdir in the global file.
func TestAuthorFromRepository(t *testing.T) {
	dir := newRepo(t)
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	writeFile(t, filepath.Join(home, ".gitconfig"), "[user]\n\tname = Home\n\temail = home@x\n[includeIf \"gitdir:"+dir+"/\"]\n\tpath = ~/.work\n")
	writeFile(t, filepath.Join(home, ".work"), "[user]\n\temail = work@x\n")
	s := openStore(t, dir)
	sig, _, err := s.Identity(time.Now())
	if err != nil || sig.Name != "Home" || sig.Email != "work@x" {
		t.Fatalf("author = %+v, %v", sig, err)
	}
	if got := runGit(t, dir, "config", "user.email"); got != "work@x" {
		t.Fatalf("git disagrees: %s", got)
	}
	t.Setenv("GIT_COMMITTER_NAME", "CI")
	t.Setenv("GIT_COMMITTER_DATE", "1764000000 +0000")
	a, c, err := s.Identity(time.Now())
	if err != nil || c.Name != "CI" || c.Email != "work@x" || c.When.Unix() != 1764000000 {
		t.Fatalf("committer = %+v, %v", c, err)
	}
	if a.Name != "Home" || a.When.Unix() == 1764000000 {
		t.Fatalf("author took the committer's variables: %+v", a)
	}
}

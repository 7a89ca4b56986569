package gitstore

import (
	"path/filepath"
	"testing"
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

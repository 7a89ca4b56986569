package gitstore

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/go-git/gcfg"
)

// gitConfig is the merged configuration, in the order git reads it: later
// values win. It keeps every value so multi-valued keys could be listed.
//
// Files are parsed with gcfg, the parser behind go-git's
// plumbing/format/config.Decoder, called directly because the Decoder merges
// equal sections and so loses where an include sits relative to the keys
// around it, and whether a key had no value (git's "true").
type gitConfig struct {
	vals []configValue
	// files are the files read or found missing, in order; unkept is set
	// when one could not be read, or was written too recently for a stat
	// to tell a change.
	files  []configFile
	unkept bool
}

type configFile struct {
	path string
	info fs.FileInfo // nil: missing
}

type configValue struct {
	key string // section[.subsection].name; section and name lower-case
	val string
}

func (c *gitConfig) get(key string) (string, bool) {
	for i := len(c.vals) - 1; i >= 0; i-- {
		if c.vals[i].key == key {
			return c.vals[i].val, true
		}
	}
	return "", false
}

func (c *gitConfig) bool(key string, def bool) bool {
	v, ok := c.get(key)
	if !ok {
		return def
	}
	b, ok := parseConfigBool(v)
	if !ok {
		return def
	}
	return b
}

func parseConfigBool(v string) (value, ok bool) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "true", "yes", "on", "1":
		return true, true
	case "false", "no", "off", "0", "":
		return false, true
	}
	if n, err := strconv.Atoi(v); err == nil {
		return n != 0, true
	}
	return false, false
}

// normalizeKey lower-cases the section and name of "section.sub.name",
// keeping the subsection's case as git does.
func normalizeKey(k string) string {
	first := strings.IndexByte(k, '.')
	last := strings.LastIndexByte(k, '.')
	if first < 0 {
		return strings.ToLower(k)
	}
	return strings.ToLower(k[:first]) + k[first:last] + strings.ToLower(k[last:])
}

// configEnv is what config loading reads from outside: the process
// environment, the repository's git dir and its current branch.
type configEnv struct {
	getenv func(string) string
	gitDir string
	branch string // short name, "" when detached or unknown
}

func (e configEnv) home() string {
	if h := e.getenv("HOME"); h != "" {
		return h
	}
	h, _ := os.UserHomeDir()
	return h
}

// config reads the configuration for this repository now, with the process
// environment.
func (s *Store) config() (*gitConfig, error) {
	branch := ""
	if ref, err := s.headRef(); err == nil {
		branch = strings.TrimPrefix(ref, "refs/heads/")
		if branch == ref {
			branch = ""
		}
	}
	s.cfg.mu.Lock()
	defer s.cfg.mu.Unlock()
	if s.cfg.valid(branch) {
		return s.cfg.cfg, nil
	}
	var vars []configVar
	getenv := func(name string) string {
		v := os.Getenv(name)
		vars = append(vars, configVar{name, v})
		return v
	}
	cfg, err := loadConfig(configEnv{getenv: getenv, gitDir: s.gitDir, branch: branch}, s.commonDir)
	if err != nil {
		return nil, err
	}
	s.cfg.cfg, s.cfg.branch, s.cfg.vars = cfg, branch, vars
	return cfg, nil
}

// keptConfig is the configuration config read last, with the branch and
// the environment variables it was read with. A command asks for the
// configuration several times (the index format, the identity, the
// reflogs); while the branch, those variables and every file read (or
// found missing) are unchanged, a stat of each file replaces reading and
// parsing them all again. (On NFS a stat may be answered from the
// client's cache of attributes, so a long-lived cc serve can take that
// cache's timeout, up to a minute, to see an edit made elsewhere.)
type keptConfig struct {
	mu     sync.Mutex
	cfg    *gitConfig
	branch string
	vars   []configVar
}

type configVar struct{ name, value string }

// configSettled is how old a config file must be for config to keep what
// it read from it: more than the 2 seconds between FAT's timestamps.
const configSettled = 3 * time.Second

func (k *keptConfig) valid(branch string) bool {
	if k.cfg == nil || k.cfg.unkept || k.branch != branch {
		return false
	}
	for _, v := range k.vars {
		if os.Getenv(v.name) != v.value {
			return false
		}
	}
	for _, f := range k.cfg.files {
		info, err := os.Stat(f.path)
		if f.info == nil {
			if !errors.Is(err, fs.ErrNotExist) {
				return false
			}
		} else if err != nil || !unchanged(f.info, info) {
			return false
		}
	}
	return true
}

// loadConfig reads system, global, repository and worktree config and the
// GIT_CONFIG_COUNT variables, in git's order. commonDir may be "" (no
// repository).
func loadConfig(env configEnv, commonDir string) (*gitConfig, error) {
	c := &gitConfig{}
	if !truthy(env.getenv("GIT_CONFIG_NOSYSTEM")) {
		sys := env.getenv("GIT_CONFIG_SYSTEM")
		if sys == "" {
			sys = "/etc/gitconfig"
		}
		if err := c.readFile(env, sys, 0); err != nil {
			return nil, err
		}
	}
	if g := env.getenv("GIT_CONFIG_GLOBAL"); g != "" {
		if err := c.readFile(env, g, 0); err != nil {
			return nil, err
		}
	} else {
		home := env.home()
		xdg := env.getenv("XDG_CONFIG_HOME")
		if xdg == "" && home != "" {
			xdg = filepath.Join(home, ".config")
		}
		if xdg != "" {
			if err := c.readFile(env, filepath.Join(xdg, "git", "config"), 0); err != nil {
				return nil, err
			}
		}
		if home != "" {
			if err := c.readFile(env, filepath.Join(home, ".gitconfig"), 0); err != nil {
				return nil, err
			}
		}
	}
	if commonDir != "" {
		if err := c.readFile(env, filepath.Join(commonDir, "config"), 0); err != nil {
			return nil, err
		}
		if c.bool("extensions.worktreeconfig", false) {
			if err := c.readFile(env, filepath.Join(env.gitDir, "config.worktree"), 0); err != nil {
				return nil, err
			}
		}
	}
	if n, err := strconv.Atoi(env.getenv("GIT_CONFIG_COUNT")); err == nil {
		for i := 0; i < n; i++ {
			k := env.getenv(fmt.Sprintf("GIT_CONFIG_KEY_%d", i))
			if k == "" {
				return nil, fmt.Errorf("GIT_CONFIG_KEY_%d is not set", i)
			}
			c.vals = append(c.vals, configValue{normalizeKey(k), env.getenv(fmt.Sprintf("GIT_CONFIG_VALUE_%d", i))})
		}
	}
	return c, nil
}

func truthy(v string) bool {
	b, _ := parseConfigBool(v)
	return b
}

// maxIncludeDepth matches git's limit on nested includes.
const maxIncludeDepth = 10

// readFile appends the values of one config file, following include.path and
// includeIf.<cond>.path where they appear. A missing file is not an error,
// as in git.
func (c *gitConfig) readFile(env configEnv, name string, depth int) error {
	if depth > maxIncludeDepth {
		return fmt.Errorf("%s: exceeded maximum include depth (%d)", name, maxIncludeDepth)
	}
	src, info, err := readStat(name)
	if errors.Is(err, fs.ErrNotExist) {
		c.files = append(c.files, configFile{path: name})
		return nil
	}
	if errors.Is(err, fs.ErrPermission) {
		c.unkept = true
		return nil
	}
	if err != nil {
		return fmt.Errorf("read config: %w", err)
	}
	c.files = append(c.files, configFile{path: name, info: info})
	if time.Since(info.ModTime()) < configSettled {
		// Written a moment ago: a write within the same tick of the file
		// system's clock would leave the size and time as they are.
		c.unkept = true
	}
	cb := func(section, sub, key, val string, blank bool) error {
		if key == "" {
			return nil
		}
		section, key = strings.ToLower(section), strings.ToLower(key)
		if blank {
			val = "true"
		}
		full := section + "." + key
		if sub != "" {
			full = section + "." + sub + "." + key
		}
		c.vals = append(c.vals, configValue{full, val})
		if key != "path" || (section != "include" && section != "includeif") {
			return nil
		}
		if section == "include" && sub != "" {
			return nil
		}
		if section == "includeif" {
			ok, err := includeCondition(env, name, sub)
			if err != nil || !ok {
				return err
			}
		}
		return c.readFile(env, includePath(env, name, val), depth+1)
	}
	if err := gcfg.ReadWithCallback(bytes.NewReader(src), cb); err != nil {
		return fmt.Errorf("bad config file %s: %w", name, err)
	}
	return nil
}

// includePath resolves an include path: ~/ is the home directory, a
// relative path is relative to the including file.
func includePath(env configEnv, from, p string) string {
	if rest, ok := strings.CutPrefix(p, "~/"); ok {
		return filepath.Join(env.home(), rest)
	}
	if p == "~" {
		return env.home()
	}
	if !filepath.IsAbs(p) {
		return filepath.Join(filepath.Dir(from), p)
	}
	return p
}

// includeCondition evaluates the subsection of an includeIf section.
// Unknown conditions are false, as in git.
func includeCondition(env configEnv, from, cond string) (bool, error) {
	switch {
	case strings.HasPrefix(cond, "gitdir:"):
		return matchGitDir(env, from, strings.TrimPrefix(cond, "gitdir:"), false), nil
	case strings.HasPrefix(cond, "gitdir/i:"):
		return matchGitDir(env, from, strings.TrimPrefix(cond, "gitdir/i:"), true), nil
	case strings.HasPrefix(cond, "onbranch:"):
		if env.branch == "" {
			return false, nil
		}
		pat := strings.TrimPrefix(cond, "onbranch:")
		if strings.HasSuffix(pat, "/") {
			pat += "**"
		}
		return wildmatch(pat, env.branch, false), nil
	}
	return false, nil
}

// matchGitDir follows git's rules for includeIf "gitdir:": ~/ and ./ are
// expanded, a pattern that is not absolute gets **/ in front, a trailing /
// means everything below. The git dir is tried as given and with symlinks
// resolved.
func matchGitDir(env configEnv, from, pat string, fold bool) bool {
	if env.gitDir == "" {
		return false
	}
	switch {
	case strings.HasPrefix(pat, "~/"):
		pat = filepath.ToSlash(env.home()) + pat[1:]
	case strings.HasPrefix(pat, "./"):
		pat = filepath.ToSlash(filepath.Dir(from)) + pat[1:]
	}
	if !strings.HasPrefix(pat, "/") && !(len(pat) > 2 && pat[1] == ':') {
		pat = "**/" + pat
	}
	if strings.HasSuffix(pat, "/") {
		pat += "**"
	}
	cands := []string{filepath.ToSlash(env.gitDir)}
	if real, err := filepath.EvalSymlinks(env.gitDir); err == nil {
		cands = append(cands, filepath.ToSlash(real))
	}
	for _, dir := range cands {
		if wildmatch(pat, dir, fold) {
			return true
		}
	}
	return false
}

// wildmatch matches text against a git wildmatch pattern with WM_PATHNAME:
// * and ? do not cross /, **/ matches any number of folders, [...] is a
// class. A pattern that cannot be compiled matches nothing.
func wildmatch(pat, text string, fold bool) bool {
	var b strings.Builder
	b.WriteString("^")
	if fold {
		b.WriteString("(?i)")
	}
	for i := 0; i < len(pat); i++ {
		ch := pat[i]
		switch {
		case strings.HasPrefix(pat[i:], "**/") && (i == 0 || pat[i-1] == '/'):
			b.WriteString("(?:.*/)?")
			i += 2
		case strings.HasPrefix(pat[i:], "**") && (i == 0 || pat[i-1] == '/') && i+2 == len(pat):
			b.WriteString(".*")
			i++
		case ch == '*':
			b.WriteString("[^/]*")
		case ch == '?':
			b.WriteString("[^/]")
		case ch == '[':
			end := strings.IndexByte(pat[i+1:], ']')
			if end < 0 {
				b.WriteString(`\[`)
				continue
			}
			if end == 0 { // "[]...]": ] first is literal
				if e2 := strings.IndexByte(pat[i+2:], ']'); e2 >= 0 {
					end = e2 + 1
				}
			}
			class := pat[i+1 : i+1+end]
			if strings.HasPrefix(class, "!") {
				class = "^" + class[1:]
			}
			b.WriteString("[" + strings.ReplaceAll(class, `\`, `\\`) + "]")
			i += end + 1
		case ch == '\\' && i+1 < len(pat):
			i++
			b.WriteString(regexp.QuoteMeta(pat[i : i+1]))
		default:
			b.WriteString(regexp.QuoteMeta(pat[i : i+1]))
		}
	}
	b.WriteString("$")
	re, err := regexp.Compile(b.String())
	if err != nil {
		return false
	}
	return re.MatchString(text)
}

package review

import (
	"bytes"
	"errors"
	"fmt"
	"path"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/cc-content/cc/content"
)

// ConfigPath is where a content repository keeps cc's configuration.
const ConfigPath = ".cc/config.yaml"

// ConfigVersion is the only config format version this cc understands.
const ConfigVersion = 1

// Config is .cc/config.yaml: where drafts live, the review defaults and
// the workflow.
type Config struct {
	Version int `yaml:"version"`
	// Content lists the folders that hold drafts.
	Content []string `yaml:"content"`
	// New is the folder `cc draft new` writes to without --dir.
	New string `yaml:"new"`
	// Bundles makes new drafts Hugo page bundles: <slug>/index.md.
	Bundles bool `yaml:"bundles"`
	// Site is the generator that builds the drafts and the front-matter
	// key of cc's id.
	Site   content.Site `yaml:"site"`
	Review struct {
		// Due is how long a reviewer has by default, like "3d".
		Due string `yaml:"due"`
		// Sign is whether actions sign their events by default:
		// SignAlways, or SignNever (the default, also when "").
		Sign string `yaml:"sign"`
	} `yaml:"review"`
	// Workflow is the states, approval policy and publishing rules.
	Workflow Workflow `yaml:"workflow"`
	// Defaults are the reviewers, assignees and due time a draft gets
	// when it enters a state, by state.
	Defaults map[string]StateDefaults `yaml:"defaults"`
	// Agenda holds the thresholds of cc agenda's rules.
	Agenda AgendaConfig `yaml:"agenda"`
	// Notify says where cc notify sends digests.
	Notify NotifyConfig `yaml:"notify"`
	// Preview is how cc preview and cc serve show drafts.
	Preview struct {
		// RawHTML writes raw HTML in drafts as HTML, still under the
		// pages' Content-Security-Policy; by default it is shown as text.
		RawHTML bool `yaml:"raw_html"`
	} `yaml:"preview"`
}

// The values of review.sign.
const (
	SignAlways = "always" // every recorded event is signed, as if --sign were given
	SignNever  = "never"  // events are signed only with --sign
)

// SignsByDefault reports whether review.sign asks for every event to be
// signed without --sign.
func (c Config) SignsByDefault() bool { return c.Review.Sign == SignAlways }

// DefaultConfig is the configuration of a repository without
// .cc/config.yaml, and what DefaultConfigYAML spells out.
func DefaultConfig() Config {
	c := Config{Version: ConfigVersion, Content: []string{"content"}, New: "content/posts", Site: content.Site{IDKey: content.DefaultIDKey}}
	c.Review.Due = "3d"
	c.Review.Sign = SignNever
	c.Workflow = DefaultWorkflow()
	c.defaultLoop()
	return c
}

// DefaultConfigYAML is the commented file `cc init` writes, for content in
// folders and new drafts in newDir, built by site.
func DefaultConfigYAML(folders []string, newDir string, site content.Site) []byte {
	var b bytes.Buffer
	b.WriteString(`# cc configuration (https://github.com/cc-content/cc/blob/main/docs/format.md).
version: 1

# Folders that hold drafts: Markdown files with front matter.
content:
`)
	for _, f := range folders {
		fmt.Fprintf(&b, "  - %s\n", yamlScalar(f))
	}
	fmt.Fprintf(&b, `
# Where 'cc draft new' puts a draft when --dir is not given.
new: %s

# Write new drafts as Hugo page bundles (<slug>/index.md) instead of <slug>.md.
bundles: false

site:
  # The generator that builds the site (%s),
  # or empty for Hugo's and Jekyll's rules by path. It says which pages are
  # live, so which ones cc check asks approval for.
  generator: %s
  # The front-matter key that holds cc's id. A site that uses id for its
  # own purpose (Docusaurus does) keeps it: cc reads and writes only this key.
  id_key: %s

review:
  # How long a reviewer has when 'cc review request' is given no --due.
  due: 3d
  # Whether cc signs every review event it records with your SSH key
  # (git config user.signingKey, or --key): always, or never to sign only
  # with --sign. Signed approvals are what workflow.require_signed counts.
  sign: never
`, yamlScalar(newDir), strings.Join(content.Generators, ", "), yamlScalar(site.Generator), yamlScalar(site.Key()))
	b.WriteString(defaultWorkflowYAML)
	b.WriteString(defaultLoopYAML)
	return b.Bytes()
}

func yamlScalar(s string) string {
	out, err := yaml.Marshal(s)
	if err != nil {
		return s
	}
	return strings.TrimSuffix(string(out), "\n")
}

// ConfigError is a problem in the config file, with the line it is on.
type ConfigError = FileError

// ParseConfig reads a config file. Unknown keys and invalid values are
// errors that name the line, so a typo never silently changes policy.
//
// yaml.v3 reads the file twice, into a node tree for the lines and into
// Config for the values, so a file that might need more than half of
// content.MemoryBudget to read once is refused before either.
func ParseConfig(file string, data []byte) (Config, error) {
	c := DefaultConfig()
	if _, line := content.YAMLCost(data, content.MemoryBudget(len(data))/2); line > 0 {
		return c, &ConfigError{file, line, fmt.Sprintf("config file is too large in structure to read within "+
			"4 times its size plus %d KiB; a config has a few dozen keys and short lists", content.MemoryAllowance>>10)}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return c, yamlConfigError(file, err)
	}
	if len(doc.Content) == 0 {
		return c, nil
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil {
		return c, yamlConfigError(file, err)
	}
	lineOf := func(key string) int { return keyLine(doc.Content[0], key) }
	if c.Version != ConfigVersion {
		return c, &ConfigError{file, lineOf("version"), fmt.Sprintf("version %d is not supported by this cc (it reads version %d); upgrade cc", c.Version, ConfigVersion)}
	}
	if len(c.Content) == 0 {
		return c, &ConfigError{file, lineOf("content"), "content must name at least one folder"}
	}
	for _, dir := range append([]string{c.New}, c.Content...) {
		if err := checkFolder(dir); err != nil {
			key := "content"
			if dir == c.New {
				key = "new"
			}
			return c, &ConfigError{file, lineOf(key), err.Error()}
		}
	}
	if err := c.Site.Validate(); err != nil {
		return c, &ConfigError{file, lineOf("site"), "site: " + err.Error()}
	}
	if !c.InContent(c.New + "/x.md") {
		return c, &ConfigError{file, lineOf("new"), fmt.Sprintf("new: %q is not inside one of the content folders", c.New)}
	}
	if _, err := ParseDuration(c.Review.Due); err != nil {
		return c, &ConfigError{file, lineOf("review"), "review.due: " + err.Error()}
	}
	switch c.Review.Sign {
	case "":
		c.Review.Sign = SignNever
	case SignAlways, SignNever:
	default:
		return c, &ConfigError{file, nodeLine(doc.Content[0], "review", "sign"), fmt.Sprintf("review.sign: %q is not always or never", c.Review.Sign)}
	}
	c.Workflow.normalize()
	if err := c.Workflow.validate(file, doc.Content[0]); err != nil {
		return c, err
	}
	c.defaultLoop()
	if err := c.validateLoop(file, doc.Content[0]); err != nil {
		return c, err
	}
	return c, nil
}

func checkFolder(dir string) error {
	if dir == "" || dir == "." {
		return nil
	}
	clean := path.Clean(dir)
	if path.IsAbs(dir) || clean == ".." || strings.HasPrefix(clean, "../") || strings.Contains(dir, "\\") {
		return fmt.Errorf("folder %q must be a relative path inside the repository", dir)
	}
	if clean != dir {
		return fmt.Errorf("folder %q should be written %q", dir, clean)
	}
	return nil
}

// InContent reports whether the repository path p is a draft: a Markdown
// file inside one of the content folders.
func (c Config) InContent(p string) bool {
	return content.IsDraftPath(p) && c.InContentFolder(p)
}

// InContentFolder reports whether the repository path p is inside one of
// the content folders, whatever its name.
func (c Config) InContentFolder(p string) bool {
	for _, dir := range c.Content {
		if dir == "" || dir == "." || strings.HasPrefix(p, dir+"/") {
			return true
		}
	}
	return false
}

// MayHoldDrafts reports whether the folder dir (a repository path, "a/b")
// can hold drafts: it is a content folder, inside one or on the way to one,
// and none of its parts is hidden. Every folder on the way to a path
// InContent accepts is one, so a scan for drafts can skip the others.
func (c Config) MayHoldDrafts(dir string) bool {
	for part := range strings.SplitSeq(dir, "/") {
		if part == "" || strings.HasPrefix(part, ".") {
			return false
		}
	}
	for _, d := range c.Content {
		if d == "" || d == "." || dir == d || strings.HasPrefix(dir, d+"/") || strings.HasPrefix(d, dir+"/") {
			return true
		}
	}
	return false
}

func keyLine(m *yaml.Node, key string) int {
	if m.Kind != yaml.MappingNode {
		return m.Line
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i].Line
		}
	}
	return 0
}

// yamlConfigError turns yaml.v3's "yaml: line N: msg" into a ConfigError.
func yamlConfigError(file string, err error) error {
	var te *yaml.TypeError
	msg := err.Error()
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	msg = strings.TrimPrefix(msg, "yaml: ")
	line := 0
	if n, _ := fmt.Sscanf(msg, "line %d:", &line); n == 1 {
		msg = strings.TrimSpace(msg[strings.Index(msg, ":")+1:])
	}
	return &ConfigError{Path: file, Line: line, Msg: msg}
}

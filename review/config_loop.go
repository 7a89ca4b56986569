package review

import (
	"fmt"
	"net/url"
	"slices"
	"time"

	"gopkg.in/yaml.v3"
)

// StateDefaults are what a draft gets when it enters a workflow state:
// review requests of Reviewers and assignments to Assignees, due Due
// (a duration, like review.due) after the move.
type StateDefaults struct {
	Reviewers []string `yaml:"reviewers"`
	Assignees []string `yaml:"assignees"`
	Due       string   `yaml:"due"`
}

// AgendaConfig is the agenda: section, the thresholds of cc agenda's
// rules.
type AgendaConfig struct {
	// Wait is how long a thread that blocks a draft may wait for an
	// answer before it goes on the agenda.
	Wait string `yaml:"wait"`
	// Exchanges is how many times a thread may change hands without being
	// resolved before it goes on the agenda.
	Exchanges int `yaml:"exchanges"`
}

// NotifyConfig is the notify: section: where cc notify sends digests.
// Secrets are never here: the SMTP user and password come from the
// environment.
type NotifyConfig struct {
	// Webhook is an incoming-webhook URL that takes Slack's message
	// format.
	Webhook string `yaml:"webhook"`
	// SMTP is the mail server, smtp://host:port; the connection must
	// offer STARTTLS.
	SMTP string `yaml:"smtp"`
	// From is the sender address of the mails.
	From string `yaml:"from"`
	// Period is how often a person gets a digest at most: day or week.
	Period string `yaml:"period"`
}

// defaultLoopYAML is the commented part of the file cc init writes about
// assignments, the agenda and reminders, all of it defaults. It is short
// and has no colons, commas or brackets, which content.YAMLCost counts in
// comments too: the whole file must stay well inside that budget.
const defaultLoopYAML = `
# Optional sections documented in docs/format.md and the README
#   defaults   reviewers and assignees a draft gets when it enters a state
#   agenda     the thresholds of cc agenda
#   notify     where cc notify sends reminders (secrets only from the environment)
`

// The values of notify.period.
const (
	PeriodDay  = "day"
	PeriodWeek = "week"
)

// defaultLoop fills what the agenda and notify sections leave out.
func (c *Config) defaultLoop() {
	if c.Agenda.Wait == "" {
		c.Agenda.Wait = "2d"
	}
	if c.Agenda.Exchanges == 0 {
		c.Agenda.Exchanges = 4
	}
	if c.Notify.Period == "" {
		c.Notify.Period = PeriodDay
	}
}

// AgendaWait is agenda.wait as a duration.
func (c Config) AgendaWait() time.Duration {
	d, _ := ParseDuration(c.Agenda.Wait) // checked by ParseConfig
	return d
}

// validateLoop checks the defaults, agenda and notify sections, naming
// the line of a bad value.
func (c *Config) validateLoop(file string, root *yaml.Node) error {
	bad := func(line int, format string, args ...any) error {
		return &ConfigError{file, line, fmt.Sprintf(format, args...)}
	}
	states := make([]string, 0, len(c.Defaults))
	for state := range c.Defaults {
		states = append(states, state)
	}
	slices.Sort(states)
	for _, state := range states {
		d := c.Defaults[state]
		if c.Workflow.stateIndex(state) < 0 {
			return bad(nodeLine(root, "defaults", state), "defaults: %q is not one of workflow.states", state)
		}
		if d.Due != "" {
			if _, err := ParseDuration(d.Due); err != nil {
				return bad(nodeLine(root, "defaults", state, "due"), "defaults.%s.due: %v", state, err)
			}
		}
		if err := checkIdentities(d.Reviewers); err != nil {
			return bad(nodeLine(root, "defaults", state, "reviewers"), "defaults.%s.reviewers: %v", state, err)
		}
		if err := checkIdentities(d.Assignees); err != nil {
			return bad(nodeLine(root, "defaults", state, "assignees"), "defaults.%s.assignees: %v", state, err)
		}
	}
	if _, err := ParseDuration(c.Agenda.Wait); err != nil {
		return bad(nodeLine(root, "agenda", "wait"), "agenda.wait: %v", err)
	}
	if c.Agenda.Exchanges < 1 {
		return bad(nodeLine(root, "agenda", "exchanges"), "agenda.exchanges must be 1 or more")
	}
	if c.Notify.Period != PeriodDay && c.Notify.Period != PeriodWeek {
		return bad(nodeLine(root, "notify", "period"), "notify.period: %q is not day or week", c.Notify.Period)
	}
	for _, ch := range [][2]string{{"webhook", c.Notify.Webhook}, {"smtp", c.Notify.SMTP}} {
		if ch[1] == "" {
			continue
		}
		if err := CheckChannelURL(ch[0], ch[1]); err != nil {
			return bad(nodeLine(root, "notify", ch[0]), "notify.%s: %v", ch[0], err)
		}
	}
	return nil
}

// CheckChannelURL checks a webhook (http or https) or smtp (smtp://host:port)
// URL. It must hold no user or password: those come from the environment.
func CheckChannelURL(kind, raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("%q is not a URL", raw)
	}
	if u.User != nil {
		return fmt.Errorf("%q holds a user or password; give them in the environment (CC_SMTP_USER, CC_SMTP_PASSWORD), never in a file", raw)
	}
	switch {
	case kind == "smtp" && (u.Scheme != "smtp" || u.Hostname() == "" || u.Port() == ""):
		return fmt.Errorf("%q: write smtp://host:port (the server must offer STARTTLS)", raw)
	case kind == "webhook" && (u.Scheme != "https" && u.Scheme != "http" || u.Host == ""):
		return fmt.Errorf("%q: write an http or https URL", raw)
	}
	return nil
}

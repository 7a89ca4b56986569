package cmd

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/cc-content/cc/cmd/internal/repo"
	"github.com/cc-content/cc/review"
)

type notifyOptions struct {
	DryRun  bool
	Webhook string
	SMTP    string
	JSON    bool
}

type digestOutput struct {
	To      personOutput `json:"to"`
	Items   []itemOutput `json:"items"`
	Already bool         `json:"alreadyNotified"`
	Text    string       `json:"text"`
}

type notifyOutput struct {
	Version int            `json:"version"`
	Period  string         `json:"period"`
	DryRun  bool           `json:"dryRun"`
	Digests []digestOutput `json:"digests"`
	Sent    []personOutput `json:"sent"`
	Commit  string         `json:"commit,omitempty"`
}

func newNotifyCmd(f *Factory) *cobra.Command {
	opts := &notifyOptions{}
	c := &cobra.Command{
		Use:   "notify [--dry-run] [--webhook URL] [--smtp smtp://HOST:PORT]",
		Short: "Send each person a digest of what waits on them (made for scheduled CI)",
		Long: `Send everyone something waits on a digest of their inbox (reviews asked of
them, answers and @mentions in threads, changes asked of their drafts,
assignments, what is overdue) through the channels .cc/config.yaml names
under notify:, or --webhook and --smtp for this run:

  webhook  an incoming webhook taking Slack's message format, as Slack,
           Mattermost, Rocket.Chat and Discord's /slack endpoint do. The URL
           is a secret: give it with --webhook or CC_WEBHOOK_URL from the
           environment rather than in the config.
  smtp     smtp://host:port; the server must offer STARTTLS and its
           certificate must verify (system roots, or SSL_CERT_FILE). The user
           and password come from CC_SMTP_USER and CC_SMTP_PASSWORD only.
           Mail is from notify.from, or your git email.

cc remembers nothing outside git: after sending, it commits a marker per
person for the period (notify.period: day, the UTC date, or week, the ISO
week) under .cc/notified/<period>/, and a person with a marker is not sent
again in that period, so a rerun of the same scheduled job reminds nobody
twice. Push the commit (git push) so the next run sees it. --dry-run prints
the digests and sends and commits nothing.`,
		Example: `  cc notify --dry-run
  CC_SMTP_USER=cc-bot CC_SMTP_PASSWORD=... cc notify --smtp smtp://mail.example.com:587
  cc notify --webhook "$SLACK_WEBHOOK_URL" && git push`,
		Args: exactArgs(),
		RunE: func(c *cobra.Command, args []string) error {
			return notifyRun(f, opts)
		},
	}
	c.Flags().BoolVarP(&opts.DryRun, "dry-run", "n", false, "print the digests; send and commit nothing")
	c.Flags().StringVar(&opts.Webhook, "webhook", "", "incoming webhook URL for this run (default: CC_WEBHOOK_URL, then notify.webhook)")
	c.Flags().StringVar(&opts.SMTP, "smtp", "", "mail server for this run, smtp://host:port (default: notify.smtp)")
	addJSONFlag(c, &opts.JSON)
	return c
}

func notifyRun(f *Factory, opts *notifyOptions) error {
	r, err := f.Repo()
	if err != nil {
		return err
	}
	a := repo.Actor{Now: f.Now()}
	var channels []repo.Channel
	if !opts.DryRun {
		if r, a, err = f.Acting(); err != nil {
			return err
		}
		if channels, err = notifyChannels(f, r, a, opts); err != nil {
			return err
		}
	}
	n, sendErr := r.Notify(a, channels, opts.DryRun)
	if sendErr != nil && n.Digests == nil {
		return sendErr
	}
	out := notifyOutput{Version: jsonFormatVersion, Period: n.Period, DryRun: opts.DryRun, Digests: []digestOutput{}, Sent: []personOutput{}, Commit: n.Commit}
	for i, d := range n.Digests {
		out.Digests = append(out.Digests, digestOutput{To: personOf(d.To), Items: itemsOf(d.Items), Already: n.Already[i], Text: repo.DigestText(d, a.Now)})
	}
	for _, s := range n.Sent {
		out.Sent = append(out.Sent, personOf(s.To))
	}
	if opts.JSON {
		if err := writeJSON(f.IO.Out, out); err != nil {
			return err
		}
		return sendErr
	}
	for _, d := range out.Digests {
		switch {
		case d.Already:
			fmt.Fprintf(f.IO.ErrOut, "%s was reminded in %s already; not sent again.\n", personName(d.To), n.Period)
		case opts.DryRun:
			fmt.Fprintln(f.IO.Out, d.Text)
		}
	}
	if len(out.Digests) == 0 {
		fmt.Fprintln(f.IO.ErrOut, "Nothing waits on anyone.")
	}
	if !opts.DryRun && len(out.Sent) > 0 {
		fmt.Fprintf(f.IO.ErrOut, "Sent %d digests for %s; commit %s records them (push it).\n", len(out.Sent), n.Period, repo.ShortID(n.Commit))
	}
	return sendErr
}

func personName(p personOutput) string {
	if p.Name != "" && p.Email != "" {
		return p.Name + " <" + p.Email + ">"
	}
	return p.Name + p.Email
}

// notifyChannels are the channels of this run: the flags, then the
// environment, then the config.
func notifyChannels(f *Factory, r *repo.Repo, a repo.Actor, opts *notifyOptions) ([]repo.Channel, error) {
	v, err := r.View()
	if err != nil {
		return nil, err
	}
	cfg := v.Config().Notify
	hook := firstOf(opts.Webhook, f.Getenv("CC_WEBHOOK_URL"), cfg.Webhook)
	server := firstOf(opts.SMTP, cfg.SMTP)
	var channels []repo.Channel
	if hook != "" {
		if err := review.CheckChannelURL("webhook", hook); err != nil {
			return nil, usageErrorf("--webhook (or CC_WEBHOOK_URL): %v", err)
		}
		channels = append(channels, repo.Webhook{URL: hook})
	}
	if server != "" {
		from := firstOf(cfg.From, a.Author.Email)
		m, err := repo.MailerFor(server, from, f.Getenv("CC_SMTP_USER"), f.Getenv("CC_SMTP_PASSWORD"))
		if err != nil {
			return nil, usageErrorf("--smtp: %v", err)
		}
		channels = append(channels, m)
	}
	return channels, nil
}

func firstOf(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}

package preview

import (
	"html/template"

	"github.com/cc-content/cc/content"
)

// Version is one commit in a draft's history and the draft's text before
// and after it.
type Version struct {
	Commit, Subject, Author string
	Time                    string
	// Before and After are the draft file before and after the commit;
	// equal when the commit changed only its review.
	Before, After []byte
}

type versionView struct {
	Short, Subject, Author, Time string
	Diff                         template.HTML
}

type historyView struct {
	frame
	Path, DraftURL string
	Versions       []versionView
	Truncated      bool
}

// History is the page of a draft's history: the commits that changed it or
// its review, newest first, each with what it changed in the text.
func History(e content.CatalogEntry, versions []Version, truncated bool, o Options) ([]byte, error) {
	title := e.Title
	if title == "" {
		title = e.Path
	}
	v := historyView{frame: newFrame("History of "+title, o), Path: e.Path, DraftURL: DraftURL(e), Truncated: truncated}
	for _, ver := range versions {
		vv := versionView{Short: shortHash(ver.Commit), Subject: ver.Subject, Author: ver.Author, Time: ver.Time}
		if string(ver.Before) != string(ver.After) {
			vv.Diff = diffHTML(ver.Before, ver.After)
		}
		v.Versions = append(v.Versions, vv)
	}
	return execute("history", v)
}

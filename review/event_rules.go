package review

// eventRule is what docs/format.md allows for one type beyond the keys every
// event has (cc, id, type, draft, author, time, clock) and may have
// (answers, signature).
type eventRule struct {
	required []string
	optional []string
	// threadIsID: the event opens its own thread, so thread must equal id.
	threadIsID bool
	// answers is how many ids answers must hold: 0 any number, 1 exactly
	// one, -1 at least one.
	answers int
}

var eventRules = map[Type]eventRule{
	TypeComment:        {required: []string{"thread", "body"}, optional: []string{"anchor"}, threadIsID: true},
	TypeReply:          {required: []string{"thread", "body"}, answers: -1},
	TypeSuggest:        {required: []string{"thread", "anchor", "replacement"}, optional: []string{"body"}, threadIsID: true},
	TypeApply:          {required: []string{"thread"}, answers: 1},
	TypeResolve:        {required: []string{"thread"}, optional: []string{"body"}},
	TypeReopen:         {required: []string{"thread"}, optional: []string{"body"}},
	TypeEdit:           {required: []string{"body"}, optional: []string{"thread"}, answers: 1},
	TypeRetract:        {optional: []string{"thread"}, answers: 1},
	TypeRequestReview:  {required: []string{"reviewer"}, optional: []string{"due"}},
	TypeApprove:        {required: []string{"blob"}, optional: []string{"body"}},
	TypeRequestChanges: {required: []string{"body"}},
	TypeSubmit:         {optional: []string{"body"}},
	TypePublish:        {optional: []string{"body"}},
	TypeAssign:         {required: []string{"assignee"}, optional: []string{"thread", "due", "body"}},
	TypeDecide:         {required: []string{"thread", "decision"}, optional: []string{"followups"}},
}

// eventKeyOrder is the order Marshal writes keys in: the order of
// docs/format.md, common keys first.
var eventKeyOrder = []string{
	"cc", "id", "type", "draft", "thread", "author", "time", "clock", "answers",
	"body", "anchor", "replacement", "reviewer", "assignee", "due", "blob",
	"decision", "followups", "signature",
}

func (r eventRule) allows(key string) bool {
	switch key {
	case "cc", "id", "type", "draft", "author", "time", "clock", "answers", "signature":
		return true
	}
	for _, k := range r.required {
		if k == key {
			return true
		}
	}
	for _, k := range r.optional {
		if k == key {
			return true
		}
	}
	return false
}

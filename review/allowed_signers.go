package review

import (
	"encoding/base64"
	"fmt"
	"strings"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/cc-content/cc/content"
)

// AllowedSigners is a parsed .cc/allowed_signers file: which keys may sign
// for which people. Verify checks signatures against it.
type AllowedSigners struct {
	entries []allowedSigner
	// Skipped holds the lines that OpenSSH accepts but cc does not use,
	// each with the reason: keys marked cert-authority and certificate
	// keys, since cc does not accept certificate signatures, and DSA keys.
	// Leaving a line out can only narrow whom cc trusts; callers may show
	// these as warnings.
	Skipped []FileError
}

// allowedSigner is one line of the file.
type allowedSigner struct {
	line       int
	principals string // pattern-list, as ssh_config(5) PATTERNS
	namespaces *string
	after      *signerTime // valid-after, nil when absent
	before     *signerTime // valid-before, nil when absent
	key        ssh.PublicKey
	keyBytes   []byte // key.Marshal(), for comparing keys
}

// signerTime is a valid-after or valid-before time as written. Without a Z
// (or UTC) suffix, OpenSSH reads it in the local time zone; the zone is
// only known when checking, from the time Verify is given.
type signerTime struct {
	civil time.Time // the written fields, in UTC
	utc   bool
}

func (t signerTime) in(loc *time.Location) time.Time {
	if t.utc || loc == nil {
		return t.civil
	}
	c := t.civil
	return time.Date(c.Year(), c.Month(), c.Day(), c.Hour(), c.Minute(), c.Second(), 0, loc)
}

// MaxAllowedSignersSize is the largest allowed_signers file
// ParseAllowedSigners accepts, in bytes; a line is about 100 bytes.
const MaxAllowedSignersSize = 1 << 20

// keyTypes are the key type names OpenSSH reads in an allowed_signers file.
// A field that is not one of them is the options field.
var keyTypes = map[string]bool{
	ssh.KeyAlgoED25519: true, ssh.KeyAlgoSKED25519: true,
	ssh.KeyAlgoECDSA256: true, ssh.KeyAlgoECDSA384: true, ssh.KeyAlgoECDSA521: true,
	ssh.KeyAlgoSKECDSA256: true, ssh.KeyAlgoRSA: true, keyAlgoDSA: true,
	ssh.CertAlgoED25519v01: true, ssh.CertAlgoSKED25519v01: true,
	ssh.CertAlgoECDSA256v01: true, ssh.CertAlgoECDSA384v01: true, ssh.CertAlgoECDSA521v01: true,
	ssh.CertAlgoSKECDSA256v01: true, ssh.CertAlgoRSAv01: true, certAlgoDSA: true,
}

// DSA keys are still read by OpenSSH, which no longer makes DSA signatures;
// cc skips their lines.
const (
	keyAlgoDSA  = "ssh-dss"
	certAlgoDSA = "ssh-dss-cert-v01@openssh.com"
)

// ParseAllowedSigners reads an allowed_signers file in OpenSSH's format
// (ssh-keygen(1), ALLOWED SIGNERS): per line, a comma-separated list of
// principal patterns (* and ? wildcards, ! to exclude), optional
// comma-separated options, the key type and the base64 key, and an optional
// comment. Blank lines and lines starting with # are ignored. The options
// are namespaces="...", valid-after="..." and valid-before="..." (times as
// YYYYMMDD[HHMM[SS]], with Z or UTC for UTC), and cert-authority.
//
// Any line OpenSSH would refuse is an error here too, a *FileError naming
// path and line: an unknown option, a malformed time or key, a missing key.
// The whole file is refused rather than the line skipped, because a file
// that says something other than its author meant should be fixed, not
// half read. Lines with cert-authority, a certificate key or a DSA key are
// valid for OpenSSH but not used by cc; they are left out and listed in
// Skipped.
//
// Reading it allocates at most content.MemoryBudget(len(data)): a file
// with more keys than fit is refused at the line where they stop fitting.
func ParseAllowedSigners(path string, data []byte) (AllowedSigners, error) {
	var out AllowedSigners
	if len(data) > MaxAllowedSignersSize {
		return out, &FileError{Path: path, Msg: fmt.Sprintf("file is %d bytes; the limit is %d", len(data), MaxAllowedSignersSize)}
	}
	budget := content.MemoryBudget(len(data))
	text := string(data) // one copy; lines are parts of it, not a slice of them
	spent := int64(len(text))
	for line := 1; text != ""; line++ {
		raw, rest, _ := strings.Cut(text, "\n")
		text = rest
		e, skip, err := parseSignerLine(strings.TrimSuffix(raw, "\r"))
		if e != nil || skip != "" {
			if spent += signerCost(raw); spent > budget {
				return AllowedSigners{}, &FileError{Path: path, Line: line, Msg: fmt.Sprintf(
					"too many keys to read within 4 times the file's size plus %d KiB; "+
						"a file of a few hundred keys fits", content.MemoryAllowance>>10)}
			}
		}
		switch {
		case err != nil:
			return AllowedSigners{}, &FileError{Path: path, Line: line, Msg: err.Error()}
		case skip != "":
			out.Skipped = append(out.Skipped, FileError{Path: path, Line: line, Msg: skip})
		case e != nil:
			e.line = line
			out.entries = append(out.entries, *e)
		}
	}
	return out, nil
}

// signerCost is what a line with a key costs to read, from above: its
// decoded, parsed and marshalled key, each about the size of the line, and
// the entry, counted twice for the growth of the list it is in. Measured in
// TestParseAllowedSignersMemoryBudget: 870 bytes for an Ed25519 line of
// 97, about 5 times the line for RSA keys. That leaves room for about 300
// Ed25519 keys or 90 RSA-4096 keys.
func signerCost(line string) int64 { return 512 + 6*int64(len(line)) }

// parseSignerLine reads one line. It returns no entry for a blank or
// comment line, and a reason instead of an entry for a line cc skips.
func parseSignerLine(s string) (e *allowedSigner, skip string, err error) {
	s = strings.TrimLeft(s, " \t")
	if s == "" || s[0] == '#' {
		return nil, "", nil
	}
	principals, rest, err := principalsField(s)
	if err != nil {
		return nil, "", err
	}
	if rest == "" {
		return nil, "", fmt.Errorf("missing key after the principals")
	}
	e = &allowedSigner{principals: principals}
	ca := false
	if !keyTypes[firstField(rest)] {
		opts := optionsField(rest)
		if opts < 0 {
			return nil, "", fmt.Errorf("unterminated quote in the options")
		}
		if ca, err = e.parseOptions(rest[:opts]); err != nil {
			return nil, "", err
		}
		rest = strings.TrimLeft(rest[opts:], " \t")
		if rest == "" {
			return nil, "", fmt.Errorf("missing key after the options")
		}
	}
	if typ := firstField(rest); typ == keyAlgoDSA || typ == certAlgoDSA {
		return nil, "DSA keys are not supported; line skipped", nil
	}
	if e.key, err = parseSignerKey(rest); err != nil {
		return nil, "", err
	}
	e.keyBytes = e.key.Marshal()
	switch {
	case ca:
		return nil, "cert-authority keys are not supported (cc does not accept certificate signatures); line skipped", nil
	case isCertificate(e.key):
		return nil, "certificate keys are not supported; line skipped", nil
	}
	return e, "", nil
}

// firstField is s up to its first white space.
func firstField(s string) string {
	if i := strings.IndexAny(s, " \t"); i >= 0 {
		return s[:i]
	}
	return s
}

// principalsField splits off the first field as OpenSSH does (strdelimw):
// it ends at white space, and a double quote starts a part that runs to the
// next double quote, both quotes dropped, and ends the field there.
func principalsField(s string) (field, rest string, err error) {
	i := strings.IndexAny(s, " \t\"")
	if i < 0 {
		return s, "", nil
	}
	if s[i] == '"' {
		j := strings.IndexByte(s[i+1:], '"')
		if j < 0 {
			return "", "", fmt.Errorf("unterminated quote in the principals")
		}
		return s[:i] + s[i+1:i+1+j], strings.TrimLeft(s[i+2+j:], " \t"), nil
	}
	return s[:i], strings.TrimLeft(s[i+1:], " \t"), nil
}

// optionsField is the length of the options field at the start of s: up to
// the first white space outside double quotes (\" does not end a quote).
// It is -1 when a quote is not closed.
func optionsField(s string) int {
	quoted := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\\' && i+1 < len(s) && s[i+1] == '"':
			i++
		case c == '"':
			quoted = !quoted
		case !quoted && (c == ' ' || c == '\t'):
			return i
		}
	}
	if quoted {
		return -1
	}
	return len(s)
}

// parseSignerKey reads "type base64 [comment]".
func parseSignerKey(s string) (ssh.PublicKey, error) {
	typ := firstField(s)
	if !keyTypes[typ] {
		return nil, fmt.Errorf("unknown key type %q", typ)
	}
	b64 := firstField(strings.TrimLeft(s[len(typ):], " \t"))
	if b64 == "" {
		return nil, fmt.Errorf("missing the %s key after its type", typ)
	}
	blob, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		return nil, fmt.Errorf("invalid %s key: %w", typ, err)
	}
	key, err := ssh.ParsePublicKey(blob)
	if err != nil {
		return nil, fmt.Errorf("invalid %s key: %w", typ, err)
	}
	if key.Type() != typ {
		return nil, fmt.Errorf("the key is a %s key, not %s", key.Type(), typ)
	}
	return key, nil
}

func isCertificate(k ssh.PublicKey) bool {
	_, ok := k.(*ssh.Certificate)
	return ok
}

// matchPatternList matches s against a comma-separated list of patterns as
// OpenSSH's match_pattern_list does, case-sensitively: 1 when a pattern
// matches and no negated (!) pattern does, -1 when a negated one does, 0
// otherwise.
func matchPatternList(s, list string) int {
	positive := 0
	for len(list) > 0 {
		negated := list[0] == '!'
		if negated {
			list = list[1:]
		}
		sub, rest, _ := strings.Cut(list, ",")
		list = rest
		// OpenSSH gives up on a pattern of 1023 bytes or more: no match.
		if len(sub) >= 1023 {
			return 0
		}
		if matchPattern(s, sub) {
			if negated {
				return -1
			}
			positive = 1
		}
	}
	return positive
}

// matchPattern matches s against one pattern where * is any run of bytes
// and ? any one byte. It backtracks only to the last *, so it takes time
// proportional to len(s)*len(pattern) at most.
func matchPattern(s, pattern string) bool {
	si, pi := 0, 0
	star, mark := -1, 0
	for si < len(s) {
		switch {
		case pi < len(pattern) && (pattern[pi] == '?' || pattern[pi] == s[si]):
			si++
			pi++
		case pi < len(pattern) && pattern[pi] == '*':
			star, mark = pi, si
			pi++
		case star >= 0:
			mark++
			si, pi = mark, star+1
		default:
			return false
		}
	}
	for pi < len(pattern) && pattern[pi] == '*' {
		pi++
	}
	return pi == len(pattern)
}

// KeysFor returns the fingerprints of every key the file lets sign for
// email, whatever its namespaces and validity: the keys that speak for
// that person, so that none of them approves what the person wrote.
func (s AllowedSigners) KeysFor(email string) []string {
	var out []string
	for _, e := range s.entries {
		if email != "" && matchPatternList(email, e.principals) == 1 {
			out = append(out, ssh.FingerprintSHA256(e.key))
		}
	}
	return out
}

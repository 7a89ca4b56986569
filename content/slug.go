package content

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

const (
	maxSlugifyBytes = 80  // Slugify's output limit
	maxSlugBytes    = 100 // ValidateSlug's limit, for slugs typed by hand
)

// Slugify turns a title into a slug: lower case, Latin accents folded to
// ASCII (é→e, ß→ss, æ→ae, ø→o), letters and digits of other scripts kept
// (CJK, Cyrillic, Greek, ...), every other run of characters made one '-',
// at most 80 bytes, cut on a character boundary. The result always passes
// ValidateSlug; a title with nothing to keep gives "untitled".
func Slugify(title string) string {
	var b strings.Builder
	dash := false        // a separator is due before the next character
	afterLatin := false  // the last character kept was Latin, so a combining mark after it is an accent
	afterLetter := false // the last character kept was a letter a combining mark can belong to
	emit := func(s string) bool {
		n := len(s)
		if dash {
			n++
		}
		if b.Len()+n > maxSlugifyBytes {
			return false
		}
		if dash {
			b.WriteByte('-')
			dash = false
		}
		b.WriteString(s)
		return true
	}
	for _, r := range title {
		var s string
		switch {
		case r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9'):
			s, afterLatin = string(r), true
		case r >= 'A' && r <= 'Z':
			s, afterLatin = string(r+'a'-'A'), true
		case slugFold(r) != "":
			s, afterLatin = slugFold(r), true
		case unicode.In(r, unicode.Mn, unicode.Mc, unicode.Me):
			if afterLatin || !afterLetter || dash {
				continue // an accent to fold away, or a mark with nothing to belong to
			}
			s = string(r)
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			// Lower case first: some letters (the Angstrom sign) lower-case
			// to one the fold table knows, and a slug must fold the same
			// the second time.
			lower := unicode.ToLower(r)
			if folded := slugFold(lower); folded != "" {
				s, afterLatin = folded, true
			} else {
				s, afterLatin = string(lower), unicode.Is(unicode.Latin, lower)
			}
		default:
			dash = b.Len() > 0
			afterLatin, afterLetter = false, false
			continue
		}
		if !emit(s) {
			break
		}
		afterLetter = true
	}
	s := b.String()
	if s == "" {
		return "untitled"
	}
	if windowsReservedName(s) {
		s += "-page"
	}
	return s
}

// slugFold returns the ASCII spelling of a Latin letter with diacritics (or
// a full-width ASCII letter or digit), or "".
func slugFold(r rune) string {
	switch {
	case r >= slugFoldLatinLo && r <= slugFoldLatinHi:
		return slugFoldLatin[r-slugFoldLatinLo]
	case r >= slugFoldLatinAdditionalLo && r <= slugFoldLatinAdditionalHi:
		return slugFoldLatinAdditional[r-slugFoldLatinAdditionalLo]
	case r >= 'Ａ' && r <= 'Ｚ':
		return string(r - 'Ａ' + 'a')
	case r >= 'ａ' && r <= 'ｚ':
		return string(r - 'ａ' + 'a')
	case r >= '０' && r <= '９':
		return string(r - '０' + '0')
	}
	return ""
}

// ValidateSlug reports why slug cannot name a draft's file or folder on every
// system a content team uses, or nil. It rejects empty names, "." and "..",
// a leading dot (hidden), path separators, absolute paths, NUL and other
// control characters, the characters Windows forbids in names (<>:"|?*), a
// trailing dot or space, names Windows reserves (CON, NUL, COM1, ...), text
// that is not UTF-8, and more than 100 bytes.
func ValidateSlug(slug string) error {
	switch {
	case slug == "":
		return errors.New("slug is empty")
	case len(slug) > maxSlugBytes:
		return fmt.Errorf("slug %q is %d bytes, longer than %d", slug, len(slug), maxSlugBytes)
	case !utf8.ValidString(slug):
		return fmt.Errorf("slug %q is not valid UTF-8", slug)
	case slug == "." || slug == "..":
		return fmt.Errorf("slug %q is not a name", slug)
	case strings.HasPrefix(slug, "."):
		return fmt.Errorf("slug %q starts with a dot, which hides the file", slug)
	case strings.ContainsAny(slug, `/\`):
		return fmt.Errorf("slug %q holds a path separator; a slug is one name", slug)
	case strings.HasSuffix(slug, ".") || strings.HasSuffix(slug, " "):
		return fmt.Errorf("slug %q ends with a dot or a space, which Windows drops", slug)
	}
	for _, r := range slug {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return fmt.Errorf("slug %q holds the control character %U", slug, r)
		}
		if strings.ContainsRune(`<>:"|?*`, r) {
			return fmt.Errorf("slug %q holds %q, which Windows does not allow in names", slug, r)
		}
	}
	if windowsReservedName(slug) {
		return fmt.Errorf("slug %q is a name Windows reserves for a device", slug)
	}
	return nil
}

// windowsReservedName reports whether name, or name before its first dot,
// is a device name such as CON or COM1, in any case.
func windowsReservedName(name string) bool {
	if i := strings.IndexByte(name, '.'); i >= 0 {
		name = name[:i]
	}
	name = strings.ToLower(strings.TrimRight(name, " "))
	switch name {
	case "con", "prn", "aux", "nul", "conin$", "conout$", "clock$":
		return true
	}
	if len(name) > 3 && (strings.HasPrefix(name, "com") || strings.HasPrefix(name, "lpt")) {
		switch name[3:] {
		case "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "¹", "²", "³":
			return true
		}
	}
	return false
}

// IsDraftPath reports whether the repo-relative slash path names a draft
// file: it ends in .md, .markdown or .mdx (MDX, read as Markdown; any
// case) and neither it nor a folder above it starts with a dot (.git, .cc,
// .github, editor lock files).
func IsDraftPath(path string) bool {
	i := strings.LastIndexByte(path, '.')
	if i < 0 {
		return false
	}
	if ext := path[i:]; !strings.EqualFold(ext, ".md") && !strings.EqualFold(ext, ".markdown") && !strings.EqualFold(ext, ".mdx") {
		return false
	}
	for part := range strings.SplitSeq(path, "/") {
		if part == "" || strings.HasPrefix(part, ".") {
			return false
		}
	}
	return true
}

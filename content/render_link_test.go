package content

import (
	"bytes"
	"strings"
	"testing"
)

func TestSafeLink(t *testing.T) {
	for _, tt := range []struct {
		dest string
		safe bool
	}{
		{"https://example.com/a", true},
		{"HTTP://example.com", true},
		{"mailto:a@example.com", true},
		{"tel:+1-555", true},
		{"../other.md#top", true},
		{"#section", true},
		{"?q=a:b", true},
		{"/path/with:colon", true},
		{"javascript%3Aalert(1)", true}, // a relative path to a browser
		{"javascript:alert(1)", false},
		{"JaVaScRiPt:alert(1)", false},
		{" \x01javascript:alert(1)", false},
		{"java\tscript:alert(1)", false},
		{"java\nscript:alert(1)", false},
		{"java\rscript:alert(1)", false},
		{"javascript :alert(1)", false},
		{"\x00javascript:alert(1)", false},
		{"vbscript:msgbox(1)", false},
		{"VBScript:x", false},
		{"data:text/html,<script>alert(1)</script>", false},
		{"DATA:image/png;base64,AAAA", false},
		{"file:///etc/passwd", false},
		{"ｊavascript:alert(1)", false}, // any unknown scheme, even one a browser would refuse
	} {
		if got := SafeLink([]byte(tt.dest)); got != tt.safe {
			t.Errorf("SafeLink(%q) = %v, want %v", tt.dest, got, tt.safe)
		}
	}
}

func TestImageSource(t *testing.T) {
	for _, tt := range []struct {
		dest           string
		inline, remote bool
	}{
		{"data:image/png;base64,AAAA", true, false},
		{"DATA:IMAGE/JPEG;base64,AAAA", true, false},
		{"data:image/svg+xml,<svg/>", false, false},
		{"data:text/html,x", false, false},
		{"https://t.example/p.gif", false, true},
		{"//t.example/p.gif", false, true},
		{"cover.png", false, false},
		{"javascript:alert(1)", false, false},
	} {
		inline, remote := imageSource([]byte(tt.dest))
		if inline != tt.inline || remote != tt.remote {
			t.Errorf("imageSource(%q) = %v, %v; want %v, %v", tt.dest, inline, remote, tt.inline, tt.remote)
		}
	}
}

// FuzzSafeLink checks SafeLink against the reading of a URL that browsers
// share (the WHATWG URL standard): whatever passes, once leading and
// trailing controls and spaces and every tab and line break are gone, has
// no scheme or one of the four allowed, so no spelling of javascript:,
// vbscript: or data: gets through.
func FuzzSafeLink(f *testing.F) {
	for _, s := range []string{"javascript:alert(1)", " JAVA\tSCRIPT:x", "https://a", "x:y", "a/b:c", "\x00data:x", "mailto:x", "&#106;avascript:x", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, dest string) {
		if !SafeLink([]byte(dest)) {
			return
		}
		u := strings.TrimFunc(dest, func(r rune) bool { return r <= ' ' })
		u = strings.NewReplacer("\t", "", "\n", "", "\r", "").Replace(u)
		lower := strings.ToLower(u)
		for _, bad := range []string{"javascript:", "vbscript:", "data:", "file:"} {
			if strings.HasPrefix(lower, bad) {
				t.Fatalf("SafeLink(%q) = true, but a browser reads %q", dest, u)
			}
		}
		if i := strings.IndexAny(u, ":/?#"); i >= 0 && u[i] == ':' {
			scheme := lower[:i]
			if scheme != "http" && scheme != "https" && scheme != "mailto" && scheme != "tel" {
				t.Fatalf("SafeLink(%q) = true with scheme %q", dest, scheme)
			}
		}
		// The rendered link keeps exactly what was judged.
		out, err := Render([]byte("[x](<" + strings.NewReplacer("<", "", ">", "", "\n", "", "\\", "").Replace(dest) + ">)"))
		if err != nil {
			t.Fatal(err)
		}
		checkSafeHTML(t, []byte(dest), out)
		if bytes.Contains(bytes.ToLower(out), []byte("javascript:")) && bytes.Contains(out, []byte("<a ")) {
			t.Fatalf("link %q renders as %q", dest, out)
		}
	})
}

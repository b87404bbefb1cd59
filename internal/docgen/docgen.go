// Package docgen keeps the repository's markdown docs (README.md and
// docs/*.md) in step with the code, for tests: the sections generated
// from the code, and the anchors links point at.
//
// A generated section is the text between a line <!-- NAME:begin -->
// and a line <!-- NAME:end --> in one of the docs. A test makes the
// text from the code and calls Section, which fails when the file holds
// something else or, with -update, rewrites it. The section may move to
// another file without changing its test.
package docgen

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/copydesk/copydesk/internal/modroot"
	"github.com/copydesk/copydesk/internal/testdiff"
)

// Root returns the repository root: the nearest directory at or above
// the working directory that holds go.mod.
func Root() (string, error) { return modroot.Find() }

// Files returns the docs, as slash paths relative to root: README.md,
// then docs/*.md in name order.
func Files(root string) ([]string, error) {
	docs, err := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	if err != nil {
		return nil, err
	}
	files := []string{"README.md"}
	for _, d := range docs {
		files = append(files, "docs/"+filepath.Base(d))
	}
	return files, nil
}

// Section checks that the generated section name of the docs holds
// content (whole lines, ending with a newline); with update it rewrites
// the file instead. regen is the command that rewrites it, named in the
// failure message.
func Section(t testing.TB, name, content string, update bool, regen string) {
	t.Helper()
	root, err := Root()
	if err != nil {
		t.Fatal(err)
	}
	files, err := Files(root)
	if err != nil {
		t.Fatal(err)
	}
	begin, end := "<!-- "+name+":begin -->\n", "<!-- "+name+":end -->\n"
	var found []string
	for _, f := range files {
		data, err := os.ReadFile(filepath.Join(root, f))
		if err != nil {
			t.Fatal(err)
		}
		text := string(data)
		i := strings.Index(text, begin)
		if i < 0 {
			continue
		}
		found = append(found, f)
		if i > 0 && text[i-1] != '\n' {
			t.Errorf("%s: %q is not at the start of a line", f, strings.TrimSpace(begin))
		}
		j := strings.Index(text[i:], end)
		if j < 0 || text[i+j-1] != '\n' {
			t.Errorf("%s: %q has no %q line after it", f, strings.TrimSpace(begin), strings.TrimSpace(end))
			continue
		}
		j += i
		want := text[:i+len(begin)] + content + text[j:]
		switch {
		case want == text:
		case update:
			if err := os.WriteFile(filepath.Join(root, f), []byte(want), 0o644); err != nil {
				t.Fatal(err)
			}
		default:
			t.Errorf("%s: the %s section is not what the code says (%s rewrites it):\n%s",
				f, name, regen, testdiff.FirstLine(text, want))
		}
	}
	if len(found) != 1 {
		t.Errorf("the %s section (between %q and %q) is in %d of %q, want exactly one",
			name, strings.TrimSpace(begin), strings.TrimSpace(end), len(found), files)
	}
}

// Anchors returns the anchors of a markdown text as GitHub makes them:
// one per heading (see Slug; a repeated one gets -1, -2, … appended),
// and the ids and names of HTML elements. Headings inside fenced code
// blocks are not headings.
func Anchors(md string) map[string]bool {
	anchors := map[string]bool{}
	count := map[string]int{}
	for _, line := range proseLines(md) {
		for _, m := range htmlAnchorRE.FindAllStringSubmatch(line, -1) {
			anchors[m[1]] = true
		}
		m := headingRE.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		slug := Slug(m[1])
		if n := count[slug]; n > 0 {
			anchors[fmt.Sprintf("%s-%d", slug, n)] = true
		} else {
			anchors[slug] = true
		}
		count[slug]++
	}
	return anchors
}

var (
	headingRE    = regexp.MustCompile(`^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$`)
	htmlAnchorRE = regexp.MustCompile(`<a\s+(?:id|name)="([^"]+)"`)
	linkRE       = regexp.MustCompile(`\[((?:[^\[\]]|\[[^\]]*\])*)\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)`)
	refDefRE     = regexp.MustCompile(`^ {0,3}\[[^\]]+\]:\s*<?([^\s>]+)>?`)
	hrefRE       = regexp.MustCompile(`\bhref="([^"]+)"`)
)

// Slug is the anchor GitHub gives a heading: its text as shown (without
// the markup of code, emphasis and links), in lower case, without the
// characters that are not letters, marks, digits, "_", "-" or spaces,
// and with each space a "-".
func Slug(heading string) string {
	text := linkRE.ReplaceAllString(heading, "$1")
	text = strings.NewReplacer("`", "", "*", "", "<", "", ">", "").Replace(text)
	var b strings.Builder
	for _, r := range strings.ToLower(text) {
		switch {
		case r == ' ':
			b.WriteByte('-')
		case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Links returns the link targets of a markdown text: inline links and
// images, reference definitions and href attributes, outside fenced
// code blocks and code spans.
func Links(md string) []string {
	var out []string
	for _, line := range proseLines(md) {
		if m := refDefRE.FindStringSubmatch(line); m != nil {
			out = append(out, m[1])
			continue
		}
		line = stripCodeSpans(line)
		for _, m := range linkRE.FindAllStringSubmatch(line, -1) {
			out = append(out, m[2])
		}
		for _, m := range hrefRE.FindAllStringSubmatch(line, -1) {
			out = append(out, m[1])
		}
	}
	return out
}

// proseLines returns the lines of a markdown text that are not inside
// fenced code blocks (``` or ~~~); fence lines themselves are left out.
func proseLines(md string) []string {
	var out []string
	fence := ""
	for _, line := range strings.Split(md, "\n") {
		trimmed := strings.TrimLeft(line, " ")
		switch {
		case fence != "":
			if strings.HasPrefix(trimmed, fence) && strings.Trim(trimmed, fence[:1]+" \t") == "" {
				fence = ""
			}
		case strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~"):
			n := len(trimmed) - len(strings.TrimLeft(trimmed, trimmed[:1]))
			fence = trimmed[:n]
		default:
			out = append(out, line)
		}
	}
	return out
}

// stripCodeSpans removes the code spans of a line: a run of backticks,
// up to the next run of as many.
func stripCodeSpans(line string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(line, '`')
		if i < 0 {
			return b.String() + line
		}
		b.WriteString(line[:i])
		n := len(line[i:]) - len(strings.TrimLeft(line[i:], "`"))
		fence, rest := line[i:i+n], line[i+n:]
		end := -1
		for j := 0; j < len(rest); {
			k := strings.Index(rest[j:], fence)
			if k < 0 {
				break
			}
			k += j
			m := len(rest[k:]) - len(strings.TrimLeft(rest[k:], "`"))
			if m == n {
				end = k
				break
			}
			j = k + m
		}
		if end < 0 { // no closing run: the backticks are literal
			b.WriteString(fence)
			line = rest
			continue
		}
		line = rest[end+n:]
	}
}

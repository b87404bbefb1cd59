package checker

import (
	"bufio"
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// html5libTest is one tree-construction test of html5lib-tests: its input
// and whether it parses a fragment (which copydesk never does).
type html5libTest struct {
	file     string
	index    int
	data     string
	fragment bool
}

// html5libTests reads the tree-construction tests that ship with
// golang.org/x/net (html/testdata/html5lib-tests/tree-construction), or
// skips the test when the module's directory cannot be found.
func html5libTests(t *testing.T) []html5libTest {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "golang.org/x/net").Output()
	if err != nil {
		t.Skipf("cannot find golang.org/x/net: %v", err)
	}
	dir := filepath.Join(strings.TrimSpace(string(out)), "html", "testdata", "html5lib-tests", "tree-construction")
	files, _ := filepath.Glob(filepath.Join(dir, "*.dat"))
	if len(files) == 0 {
		t.Skipf("no html5lib tree-construction tests in %s", dir)
	}
	var tests []html5libTest
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		tests = append(tests, readDat(filepath.Base(f), data)...)
	}
	return tests
}

// readDat splits a .dat file into its tests. A test is "#data", the
// input up to the next line starting with "#", then sections up to a
// blank line that ends the "#document" dump.
func readDat(name string, data []byte) []html5libTest {
	var tests []html5libTest
	r := bufio.NewReader(bytes.NewReader(data))
	var cur *html5libTest
	section := ""
	var buf []string
	flush := func() {
		if cur != nil && section == "#data" {
			cur.data = strings.Join(buf, "\n")
		}
		buf = buf[:0]
	}
	for {
		line, err := r.ReadString('\n')
		if line == "" && err == io.EOF {
			break
		}
		line = strings.TrimSuffix(line, "\n")
		if strings.HasPrefix(line, "#") && (section != "#data" || isDatSection(line)) && isDatSection(line) {
			flush()
			section = line
			switch line {
			case "#data":
				tests = append(tests, html5libTest{file: name, index: len(tests)})
				cur = &tests[len(tests)-1]
			case "#document-fragment":
				cur.fragment = true
			}
			continue
		}
		buf = append(buf, line)
	}
	flush()
	return tests
}

func isDatSection(line string) bool {
	switch line {
	case "#data", "#errors", "#new-errors", "#document", "#document-fragment", "#script-on", "#script-off":
		return true
	}
	return false
}

// elementDump writes the elements under n (not n), one a line, indented
// by depth, as "<ns name>". Elements named in unwrap (HTML namespace) are
// left out and their children take their place.
func elementDump(n *html.Node, unwrap map[string]bool) string {
	var b strings.Builder
	type frame struct {
		n     *html.Node
		depth int
	}
	var stack []frame
	push := func(first *html.Node, depth int) {
		var kids []*html.Node
		for c := first; c != nil; c = c.NextSibling {
			kids = append(kids, c)
		}
		for i := len(kids) - 1; i >= 0; i-- {
			stack = append(stack, frame{kids[i], depth})
		}
	}
	push(n.FirstChild, 0)
	for len(stack) > 0 {
		f := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if f.n.Type != html.ElementNode {
			continue
		}
		if f.n.Namespace == "" && unwrap[f.n.Data] {
			push(f.n.FirstChild, f.depth)
			continue
		}
		b.WriteString(strings.Repeat("  ", f.depth))
		if f.n.Namespace != "" {
			b.WriteString("<" + f.n.Namespace + " " + f.n.Data + ">\n")
		} else {
			b.WriteString("<" + f.n.Data + ">\n")
		}
		push(f.n.FirstChild, f.depth+1)
	}
	return b.String()
}

// compareWithParse returns the element dumps of src by html.Parse and by
// Parse, with the html, head and body that copydesk does not invent left
// out of html.Parse's tree, and tbody left out of both.
func compareWithParse(t *testing.T, src string) (want, got string, d *Document) {
	t.Helper()
	ref, err := html.Parse(strings.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	d, err = Parse("t.html", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	ours := map[string]bool{}
	for _, e := range d.Elements() {
		if e.Namespace == "" {
			switch e.DataAtom {
			case atom.Html, atom.Head, atom.Body:
				ours[e.Data] = true
			}
		}
	}
	unwrapRef := map[string]bool{"tbody": true}
	for _, name := range []string{"html", "head", "body"} {
		if !ours[name] {
			unwrapRef[name] = true
		}
	}
	return elementDump(ref, unwrapRef), elementDump(d.Root, map[string]bool{"tbody": true}), d
}

// TestHTML5LibTrees checks that the document model is the tree browsers
// build: on the html5lib tree-construction tests (every test that parses
// a document, not a fragment), Parse's element tree is html.Parse's, but
// for the html, head, body and tbody elements that copydesk does not
// invent (see build.go) and the exceptions listed in html5libExceptions.
// It also checks that every element with a start tag in the source starts
// exactly there.
func TestHTML5LibTrees(t *testing.T) {
	tests := html5libTests(t)
	total, same := 0, 0
	var failed []string
	for _, tc := range tests {
		if tc.fragment {
			continue
		}
		total++
		want, got, d := compareWithParse(t, tc.data)
		checkStartTags(t, d, tc.data)
		key := tc.file + "/" + strconv.Itoa(tc.index)
		if want == got {
			same++
			if _, ok := html5libExceptions[key]; ok {
				t.Errorf("%s: listed as an exception but agrees now: %q", key, tc.data)
			}
			continue
		}
		if _, ok := html5libExceptions[key]; ok {
			continue
		}
		failed = append(failed, key)
		if testing.Verbose() || len(failed) <= 10 {
			t.Errorf("%s: %q\nhtml.Parse:\n%s\nParse:\n%s", key, tc.data, want, got)
		}
	}
	t.Logf("element trees equal to html.Parse's on %d of %d document tests (%.1f%%); %d listed exceptions",
		same, total, 100*float64(same)/float64(total), len(html5libExceptions))
	if len(failed) > 0 {
		t.Errorf("%d tests differ and are not listed exceptions: %s", len(failed), strings.Join(failed, " "))
	}
	if float64(same) < 0.98*float64(total) {
		t.Errorf("agreement %d/%d is under 98%%", same, total)
	}
}

// checkStartTags checks that each element that has a start tag in src
// (not one copydesk or the algorithm supplied) starts with it.
func checkStartTags(t *testing.T, d *Document, src string) {
	t.Helper()
	for _, e := range d.Elements() {
		tag := d.StartTag(e)
		if tag.Start == tag.End {
			continue // implied, or a clone of a formatting element
		}
		raw := strings.ToLower(src[tag.Start:tag.End])
		raw = strings.TrimPrefix(raw, "<")
		raw = strings.TrimPrefix(raw, "/") // </br> is <br>, </p> with no <p> open an empty p
		if !strings.HasPrefix(raw, strings.ToLower(e.Data)) && (e.Data != "img" || !strings.HasPrefix(raw, "image")) {
			t.Fatalf("%q: <%s> starts at %d with %q", src, e.Data, tag.Start, src[tag.Start:tag.End])
		}
	}
}

// html5libExceptions are the html5lib tests on which Parse's element tree
// differs from html.Parse's, by test ("file/index"), each with the reason.
var html5libExceptions = map[string]string{}

package ledger

import (
	"bufio"
	"bytes"
	"cmp"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
)

// Verdicts of a finding.
const (
	True    = "true"  // a real violation of what the rule says it checks
	False   = "false" // not one, as a reader sees the page
	Unknown = "?"     // not yet judged
)

// Entry is one finding in a ledger: where, which rule, its key, and the
// judgement.
type Entry struct {
	Page    string // slash path of the page, relative to the corpus directory
	Rule    string // rule id
	Verdict string // True, False or Unknown
	Text    string // the finding's normalised text (see Key)
	Path    string // the element path, with " #n" for the n-th finding of the same key (see Key)
	Reason  string // why, in a standards editor's words
	Line    int    // line in the ledger file; 0 for a finding of the build
}

// Key identifies the finding on its page: rule, text and element path.
func (e *Entry) Key() string { return e.Rule + "\t" + e.Text + "\t" + e.Path }

// id identifies the finding in the corpus.
func (e *Entry) id() string { return e.Page + "\t" + e.Key() }

// Judged reports whether the entry has a verdict.
func (e *Entry) Judged() bool { return e.Verdict == True || e.Verdict == False }

// Ledger is the findings of one section on a corpus, with their verdicts.
type Ledger struct {
	Name    string // file name, for messages
	Entries []Entry
}

// columns are a record's fields, in order.
var columns = []string{"page", "rule", "verdict", "text", "path", "reason"}

// Read reads a ledger file. A missing file is an empty ledger.
func Read(name string) (*Ledger, error) {
	data, err := os.ReadFile(name)
	if os.IsNotExist(err) {
		return &Ledger{Name: name}, nil
	}
	if err != nil {
		return nil, err
	}
	return Parse(name, data)
}

// Parse reads a ledger from data; name is used in errors, which give the
// line at fault as name:line: message. Lines starting with # and blank
// lines are comments.
func Parse(name string, data []byte) (*Ledger, error) {
	l := &Ledger{Name: name}
	seen := map[string]int{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	var errs []string
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.SplitN(line, "\t", len(columns))
		if len(f) < len(columns)-1 {
			errs = append(errs, fmt.Sprintf("%s:%d: %d tab-separated fields, want %d (%s)", name, n, len(f), len(columns), strings.Join(columns, ", ")))
			continue
		}
		e := Entry{Page: f[0], Rule: f[1], Verdict: f[2], Text: f[3], Path: f[4], Line: n}
		if len(f) == len(columns) {
			e.Reason = strings.TrimSpace(f[5])
		}
		switch {
		case e.Page == "" || e.Rule == "" || e.Path == "":
			errs = append(errs, fmt.Sprintf("%s:%d: empty page, rule or path", name, n))
			continue
		case e.Verdict != True && e.Verdict != False && e.Verdict != Unknown:
			errs = append(errs, fmt.Sprintf("%s:%d: verdict %q, want true, false or ?", name, n, e.Verdict))
			continue
		}
		if prev, ok := seen[e.id()]; ok {
			errs = append(errs, fmt.Sprintf("%s:%d: the same finding as line %d", name, n, prev))
			continue
		}
		seen[e.id()] = n
		l.Entries = append(l.Entries, e)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(errs) > 0 {
		return l, fmt.Errorf("%s", strings.Join(errs, "\n"))
	}
	return l, nil
}

// Sort puts the entries in the order Write keeps: by page (numbers in
// file names in numeric order), rule, then key.
func (l *Ledger) Sort() {
	slices.SortStableFunc(l.Entries, func(a, b Entry) int {
		if c := comparePages(a.Page, b.Page); c != 0 {
			return c
		}
		return strings.Compare(a.Key(), b.Key())
	})
}

// Write writes the ledger, sorted, after header (comment lines without
// their "# ").
func (l *Ledger) Write(w io.Writer, header []string) error {
	l.Sort()
	bw := bufio.NewWriter(w)
	for _, h := range header {
		fmt.Fprintln(bw, strings.TrimRight("# "+h, " "))
	}
	fmt.Fprintln(bw, "# "+strings.Join(columns, "\t"))
	for i := range l.Entries {
		e := &l.Entries[i]
		fmt.Fprintln(bw, strings.Join([]string{e.Page, e.Rule, e.Verdict, e.Text, e.Path, oneLine(e.Reason)}, "\t"))
	}
	return bw.Flush()
}

// WriteFile writes the ledger to its file.
func (l *Ledger) WriteFile(header []string) error {
	var buf bytes.Buffer
	if err := l.Write(&buf, header); err != nil {
		return err
	}
	return os.WriteFile(l.Name, buf.Bytes(), 0o644)
}

// oneLine returns s on one line, without tabs.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// comparePages orders page paths with the runs of digits in them compared
// as numbers, so aeb/2.html comes before aeb/10.html.
func comparePages(a, b string) int {
	for a != "" && b != "" {
		da, db := digits(a), digits(b)
		if da > 0 && db > 0 {
			na, _ := strconv.Atoi(a[:da])
			nb, _ := strconv.Atoi(b[:db])
			if na != nb {
				return cmp.Compare(na, nb)
			}
			a, b = a[da:], b[db:]
			continue
		}
		if a[0] != b[0] {
			return cmp.Compare(int(a[0]), int(b[0]))
		}
		a, b = a[1:], b[1:]
	}
	return cmp.Compare(len(a), len(b))
}

func digits(s string) int {
	n := 0
	for n < len(s) && n < 9 && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return n
}

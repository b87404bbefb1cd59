package report

import (
	"bytes"
	"io"
	"strconv"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/rules"
)

// readBack writes r as a JSON report (with its files' text) and reads it
// back whole.
func readBack(t *testing.T, r *Result) *Result {
	t.Helper()
	var b bytes.Buffer
	if err := writeJSON(&b, r, Options{Text: true}); err != nil {
		t.Fatal(err)
	}
	j, err := ReadJSON(&b)
	if err != nil {
		t.Fatal(err)
	}
	got := j.Head
	for {
		f, err := j.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		got.Files = append(got.Files, *f)
	}
	got.Errors = j.Errors()
	if !j.Text {
		t.Error("the report does not say it carries the files' text")
	}
	return &got
}

// TestJSONCarriesEveryFormat checks that a JSON report holds what every
// format shows: each format written from the report read back is the
// same bytes as written from the run's result (copydesk merge relies on
// it).
func TestJSONCarriesEveryFormat(t *testing.T) {
	r := fixture(t)
	// A baseline-accepted finding and a rule an override turned off, which
	// only some formats show.
	r.Files[1].Accepted = r.Files[0].Findings[:1]
	r.Files[1].Off = map[string]bool{"t/tk": true}
	r.Baseline = "baseline.json"
	// A page read from a web archive, and a record that could not be.
	r.Files[1].Record = &Record{Archive: "crawl.warc.gz", Offset: 4096}
	r.Errors[0].Record = &Record{Archive: "crawl.warc.gz", Offset: 8192}
	back := readBack(t, r)
	if back.Files[1].Record == nil || *back.Files[1].Record != *r.Files[1].Record || back.Errors[0].Record == nil {
		t.Errorf("records read back: %+v, %+v", back.Files[1].Record, back.Errors[0].Record)
	}
	for _, f := range Formats() {
		for _, o := range []Options{{}, {Quiet: true}, {JUnitBelow: JUnitSkip}} {
			var want, got bytes.Buffer
			if err := f.Write(&want, r, o); err != nil {
				t.Fatal(err)
			}
			if err := f.Write(&got, back, o); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(want.Bytes(), got.Bytes()) {
				t.Errorf("%s (%+v) written from the JSON report differs:\n%s", f.Name, o, firstDiff(want.String(), got.String()))
			}
		}
	}
	var a, b bytes.Buffer
	if err := writeJSON(&a, r, Options{Text: true}); err != nil {
		t.Fatal(err)
	}
	if err := writeJSON(&b, back, Options{Text: true}); err != nil {
		t.Fatal(err)
	}
	if a.String() != b.String() {
		t.Errorf("the JSON report read back and written again differs:\n%s", firstDiff(a.String(), b.String()))
	}
}

// firstDiff shows the first line where two texts differ.
func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var x, y string
		if i < len(w) {
			x = w[i]
		}
		if i < len(g) {
			y = g[i]
		}
		if x != y {
			return "line " + strconv.Itoa(i+1) + ":\nwant: " + x + "\n got: " + y
		}
	}
	return ""
}

func TestReadJSONErrors(t *testing.T) {
	r := fixture(t)
	var whole bytes.Buffer
	if err := writeJSON(&whole, r, Options{}); err != nil {
		t.Fatal(err)
	}
	noTable := *r
	noTable.Catalog = nil
	var served bytes.Buffer
	if err := writeJSON(&served, &noTable, Options{}); err != nil {
		t.Fatal(err)
	}
	cut := whole.String()[:whole.Len()*2/3]
	for name, c := range map[string]struct{ in, want string }{
		"not JSON":          {"<html>", "at byte 1: invalid character '<'"},
		"an array":          {"[]", `expected "{", found [`},
		"no rule table":     {served.String(), "no run and rule table before the files"},
		"cut short":         {cut, "the report ends early"},
		"unknown rule":      {strings.Replace(whole.String(), `"rule": "t/tk"`, `"rule": "t/zz"`, 1), `news/a.html: a finding of rule "t/zz", which the rule table does not list`},
		"version 2":         {strings.Replace(whole.String(), `"version": 1`, `"version": 2`, 1), "version 2: not a copydesk JSON report of version 1"},
		"no errors summary": {whole.String()[:strings.Index(whole.String(), "],\n  \"errors\"")+1] + "\n}", "the report is cut short"},
	} {
		err := readAll(c.in)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want an error with %q", name, err, c.want)
		}
	}
	if err := readAll(whole.String()); err != nil {
		t.Errorf("the whole report: %v", err)
	}
}

func readAll(s string) error {
	j, err := ReadJSON(strings.NewReader(s))
	if err != nil {
		return err
	}
	for {
		_, err := j.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

func TestSameRun(t *testing.T) {
	r := fixture(t)
	read := func(r *Result) *JSONReport {
		var b bytes.Buffer
		if err := writeJSON(&b, r, Options{}); err != nil {
			t.Fatal(err)
		}
		j, err := ReadJSON(&b)
		if err != nil {
			t.Fatal(err)
		}
		return j
	}
	base := read(r)
	shard := *r
	shard.Shard, shard.Root = Shard{Index: 2, Count: 3}, "/elsewhere"
	if d := base.SameRun(read(&shard)); d != "" {
		t.Errorf("another shard in another directory: %q, want no difference", d)
	}
	change := func(f func(r *Result)) string {
		c := *r
		c.Catalog = append([]*rules.Rule(nil), r.Catalog...)
		f(&c)
		return base.SameRun(read(&c))
	}
	for want, f := range map[string]func(r *Result){
		"made by copydesk v1.2.3 and copydesk v1.2.4": func(r *Result) { r.Tool.Version = "v1.2.4" },
		"rule t/tk is error in one, off in the other": func(r *Result) { r.Rules = r.Rules[:3] },
		"rule t/tk is in the first rule table only":   func(r *Result) { r.Catalog, r.Rules = r.Catalog[:3], r.Rules[:3] },
		"rule t/tk is not the same rule in both": func(r *Result) {
			c := *r.Catalog[3]
			c.Title = "other"
			r.Catalog[3] = &c
		},
		"the config or rule files differ": func(r *Result) { r.Digest = "sha256:00" },
		"jurisdictions [ru] and [ru ua]":  func(r *Result) { r.Jurisdictions = []string{"ru", "ua"} },
		"--fail-on error and warning":     func(r *Result) { r.FailOn = rules.SevWarning },
		"baselines (none) and old.json":   func(r *Result) { r.Baseline = "old.json" },
		"rule t/figure-credit is info in one, warning in the other": func(r *Result) {
			r.Rules = append([]*rules.Rule{r.Rules[0], r.Rules[1], sev(r.Rules[2], rules.SevWarning)}, r.Rules[3])
		},
	} {
		if got := change(f); !strings.Contains(got, want) {
			t.Errorf("got %q, want %q", got, want)
		}
	}
}

func sev(r *rules.Rule, s rules.Severity) *rules.Rule {
	c := *r
	c.Severity = s
	return &c
}

package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/copydesk/copydesk/checker"
	"github.com/copydesk/copydesk/rules"
)

// junitFormat is the JUnit XML format.
var junitFormat = Format{Name: "junit", Doc: "JUnit XML, a test suite per file and a test case per rule, for CI test reports", Write: writeJUnit}

// The JUnit XML wire structs: the attributes that Jenkins' JUnit schema,
// GitLab's test reports and the GitHub test-report actions read. Times
// are "0" because the report is deterministic and rules are not timed.
type (
	junitSuites struct {
		XMLName  xml.Name     `xml:"testsuites"`
		Name     string       `xml:"name,attr"`
		Tests    int          `xml:"tests,attr"`
		Failures int          `xml:"failures,attr"`
		Errors   int          `xml:"errors,attr"`
		Time     string       `xml:"time,attr"`
		Suites   []junitSuite `xml:"testsuite"`
	}
	junitSuite struct {
		Name     string      `xml:"name,attr"`
		Tests    int         `xml:"tests,attr"`
		Failures int         `xml:"failures,attr"`
		Errors   int         `xml:"errors,attr"`
		Skipped  int         `xml:"skipped,attr"`
		Time     string      `xml:"time,attr"`
		Cases    []junitCase `xml:"testcase"`
	}
	junitCase struct {
		Name      string        `xml:"name,attr"`
		Classname string        `xml:"classname,attr"`
		Time      string        `xml:"time,attr"`
		Skipped   *junitSkipped `xml:"skipped,omitempty"`
		Failure   *junitProblem `xml:"failure,omitempty"`
		Error     *junitProblem `xml:"error,omitempty"`
		SystemOut string        `xml:"system-out,omitempty"`
	}
	junitSkipped struct {
		Message string `xml:"message,attr"`
	}
	junitProblem struct {
		Message string `xml:"message,attr"`
		Type    string `xml:"type,attr"`
		Text    string `xml:",chardata"`
	}
)

// writeJUnit writes the result as JUnit XML: a test suite per file and
// a test case per rule checked (not those the config turns off for it),
// which fails when the rule has findings in the file that fail the run
// (one failure element listing them all, as some viewers read only one
// per test case). Findings below --fail-on pass the test case, skip it
// or fail it as o.JUnitBelow says, and are listed in its system-out
// when they do not fail it, as suppressed findings are. An input that
// could not be checked is a suite with one test case in error.
func writeJUnit(w io.Writer, r *Result, o Options) error {
	list, _ := r.ruleList()
	out := junitSuites{Name: r.Tool.Name, Time: "0"}
	for _, f := range r.Files {
		byRule := make(map[string][]*checker.Finding)
		for i := range f.Findings {
			fd := &f.Findings[i]
			byRule[fd.RuleID()] = append(byRule[fd.RuleID()], fd)
		}
		suite := junitSuite{Name: f.Path, Time: "0", Cases: make([]junitCase, 0, len(list))}
		for _, rule := range list {
			if f.Off[rule.ID] && len(byRule[rule.ID]) == 0 {
				continue
			}
			tc := junitCase{Name: rule.ID, Classname: f.Path, Time: "0"}
			var failing, suppressed []*checker.Finding
			for _, fd := range byRule[rule.ID] {
				if fd.Suppressed {
					suppressed = append(suppressed, fd)
				} else {
					failing = append(failing, fd)
				}
			}
			fails := o.JUnitBelow == JUnitFail
			for _, fd := range failing {
				fails = fails || r.FailOn != rules.SevOff && fd.Severity >= r.FailOn
			}
			var b strings.Builder
			switch {
			case len(failing) == 0:
			case fails:
				tc.Failure = junitFailure(f.Path, failing)
				suite.Failures++
			default:
				if o.JUnitBelow == JUnitSkip {
					tc.Skipped = &junitSkipped{Message: fmt.Sprintf("%s below --fail-on %s", plural(len(failing), "finding"), r.FailOnName())}
					suite.Skipped++
				}
				for _, fd := range failing {
					b.WriteString(junitLine(f.Path, fd) + "\n")
				}
			}
			if len(suppressed) > 0 {
				for _, fd := range suppressed {
					fmt.Fprintf(&b, "suppressed: %s", junitLine(f.Path, fd))
					if fd.Justification != "" {
						fmt.Fprintf(&b, " (%s)", fd.Justification)
					}
					b.WriteByte('\n')
				}
			}
			tc.SystemOut = b.String()
			suite.Cases = append(suite.Cases, tc)
		}
		suite.Tests = len(suite.Cases)
		out.Suites = append(out.Suites, suite)
	}
	for _, e := range r.Errors {
		out.Suites = append(out.Suites, junitSuite{Name: e.Path, Tests: 1, Errors: 1, Time: "0", Cases: []junitCase{{
			Name: "input", Classname: e.Path, Time: "0",
			Error: &junitProblem{Message: e.Message, Type: "input", Text: e.Error()},
		}}})
	}
	for _, s := range out.Suites {
		out.Tests += s.Tests
		out.Failures += s.Failures
		out.Errors += s.Errors
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(out); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// junitFailure reports the findings of one rule in one file: the
// message of the first (and how many there are), typed with the highest
// severity, and a line per finding.
func junitFailure(path string, fs []*checker.Finding) *junitProblem {
	p := &junitProblem{Message: fs[0].Message}
	if len(fs) > 1 {
		p.Message = fmt.Sprintf("%d findings; first: %s", len(fs), fs[0].Message)
	}
	var b strings.Builder
	sev := rules.SevOff
	for _, fd := range fs {
		sev = max(sev, fd.Severity)
		b.WriteString(junitLine(path, fd) + "\n")
	}
	p.Type, p.Text = sev.String(), b.String()
	return p
}

// junitLine words a finding as the text format does.
func junitLine(path string, fd *checker.Finding) string {
	return fmt.Sprintf("%s:%d:%d: %s: %s", path, fd.Start.Line, fd.Start.Column, fd.Severity, oneLine(fd.Message))
}

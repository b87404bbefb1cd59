package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/copydesk/copydesk/rules"
)

// textFormat is the text format, for terminals.
var textFormat = Format{Name: "text", Doc: "the default, for terminals: path:line:col: severity: message [rule-id], the diff of each fix, a summary", Write: writeText, NewStream: newTextStream}

// ANSI colours of the text format.
const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiRed    = "\x1b[31m"
	ansiYellow = "\x1b[33m"
	ansiBlue   = "\x1b[34m"
	ansiGreen  = "\x1b[32m"
	ansiCyan   = "\x1b[36m"
	ansiDim    = "\x1b[2m"
)

var severityColor = map[rules.Severity]string{rules.SevError: ansiRed, rules.SevWarning: ansiYellow, rules.SevInfo: ansiBlue}

// writeText writes one line per finding, path:line:col: severity: message
// [rule-id], each followed by the diff of its fix, then a summary line.
// Suppressed findings are counted but not listed.
func writeText(w io.Writer, r *Result, o Options) error {
	return writeAll(newTextStream(w, r, o), r)
}

// textStream writes the text format file by file.
type textStream struct {
	bw     *bufio.Writer
	failOn rules.Severity
	o      Options
	sum    Summary
}

func newTextStream(w io.Writer, head *Result, o Options) Streamer {
	return &textStream{bw: bufio.NewWriter(w), failOn: head.FailOn, o: o}
}

func (t *textStream) paint(color, s string) string {
	if !t.o.Color || color == "" {
		return s
	}
	return color + s + ansiReset
}

func (t *textStream) File(f *File) error {
	t.sum.add(f)
	for i := range f.Findings {
		fd := &f.Findings[i]
		if fd.Suppressed || t.o.Quiet && (t.failOn == rules.SevOff || fd.Severity < t.failOn) {
			continue
		}
		fmt.Fprintf(t.bw, "%s: %s: %s %s\n",
			t.paint(ansiBold, fmt.Sprintf("%s:%d:%d", f.Path, fd.Start.Line, fd.Start.Column)),
			t.paint(severityColor[fd.Severity], fd.Severity.String()),
			oneLine(fd.Message),
			t.paint(ansiDim, "["+fd.Rule.ID+"]"))
		if i < len(f.Diffs) && f.Diffs[i] != "" {
			writeIndentedDiff(t.bw, f.Diffs[i], t.o.Color)
		}
	}
	return nil
}

func (t *textStream) Close(errs []InputError) error {
	t.sum.addErrors(errs)
	if !t.o.Quiet {
		fmt.Fprintln(t.bw, summaryLine(t.sum))
	}
	return t.bw.Flush()
}

// oneLine keeps a message on one line of output.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// writeIndentedDiff prints a diff under its finding, indented.
func writeIndentedDiff(w io.Writer, diff string, color bool) {
	for _, line := range strings.SplitAfter(strings.TrimSuffix(diff, "\n"), "\n") {
		line = strings.TrimSuffix(line, "\n")
		c := ""
		switch {
		case strings.HasPrefix(line, "+++"), strings.HasPrefix(line, "---"):
			c = ansiBold
		case strings.HasPrefix(line, "+"):
			c = ansiGreen
		case strings.HasPrefix(line, "-"):
			c = ansiRed
		case strings.HasPrefix(line, "@@"):
			c = ansiCyan
		}
		if color && c != "" {
			line = c + line + ansiReset
		}
		fmt.Fprintf(w, "    %s\n", line)
	}
}

// summaryLine words the totals, e.g. "3 findings (1 error, 2 warnings) in
// 12 files", or "no findings in 12 files" for a clean run, so that a
// clean run says it checked something.
func summaryLine(s Summary) string {
	var parts []string
	for _, sev := range []rules.Severity{rules.SevError, rules.SevWarning, rules.SevInfo} {
		if n := s.BySeverity[sev]; n > 0 {
			parts = append(parts, plural(n, sev.String()))
		}
	}
	line := plural(s.Findings, "finding")
	if s.Findings == 0 {
		line = "no findings"
	}
	if len(parts) > 0 {
		line += " (" + strings.Join(parts, ", ") + ")"
	}
	line += " in " + plural(s.Files, "file")
	if s.Suppressed > 0 {
		line += fmt.Sprintf("; %d suppressed", s.Suppressed)
	}
	if s.Fixed > 0 {
		line += fmt.Sprintf("; %d fixed", s.Fixed)
	}
	if s.Errors > 0 {
		line += fmt.Sprintf("; %s could not be checked", plural(s.Errors, "file"))
	}
	return line
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

package lint

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/copydesk/copydesk/checker"
	"github.com/copydesk/copydesk/report"
)

// FixMode is what a run does with fixes.
//
// FixDiff prints the patch on stdout and nothing else, so that
// "copydesk check --diff > fixes.patch" or "| git apply" works, as with
// ruff --diff, black --diff and gofmt -d. Reports still go to the paths
// of their outputs, and they and the exit code describe the files as
// they are, since --diff changes nothing: a CI job that publishes the
// patch still fails on the findings. A one-line summary goes to stderr
// (unless quiet).
//
// FixWrite writes the files and reports what remains, and exits by what
// remains (docs/fixes.md), as eslint --fix does.
type FixMode int

// The fix modes.
const (
	FixNone  FixMode = iota
	FixWrite         // --fix: apply them in place
	FixDiff          // --diff: print the patch, write nothing
)

// fixOutcome is what fixing one input did, beyond its report.
type fixOutcome struct {
	patch   string   // --diff: the unified diff of every fix together
	noPatch bool     // --diff: fixes that no patch can show (UTF-16), for --fix only
	fixable int      // --diff: findings that have a fix
	notes   []string // why some fixes were not applied, for stderr
}

// fixSource fixes one document's bytes (see checker.Fixer): with --fix it
// writes the result and reports what remains; with --diff it reports the
// findings of the file as it is, and the patch of every fix.
func (r *run) fixSource(in Input, src []byte, opts checker.Options) checked {
	l := r.l
	doc, findings, ierr := l.checkDoc(in, src, opts)
	if ierr != nil {
		return checked{err: ierr}
	}
	r.baseline.leaveAccepted(r.env, in.Path, findings)
	res, unwritable, ierr := l.fixDoc(in, opts, doc, findings, func(fs []checker.Finding) { r.baseline.leaveAccepted(r.env, in.Path, fs) })
	if ierr != nil {
		return checked{err: ierr}
	}
	out := fixOutcome{notes: fixNotes(in.Path, res)}
	if unwritable != "" {
		out.notes = append(out.notes, unwritable)
	}
	if r.fix == FixDiff {
		switch {
		case res.Passes == 0:
		case strings.HasPrefix(doc.Encoding, "utf-16"):
			// A line diff of UTF-16 bytes is no text patch: git and patch
			// take such files for binary.
			out.notes = append(out.notes, fmt.Sprintf("%s: no patch for a %s file; check --fix writes its fixes", in.Path, strings.ToUpper(doc.Encoding)))
			out.noPatch = true
		default:
			out.patch = report.UnifiedDiff(in.Path, src, res.Doc.File)
		}
		for i := range findings {
			if f := &findings[i]; f.Fix != nil && !f.Suppressed {
				out.fixable++
			}
		}
		f := report.File{Path: in.Path, Findings: findings}
		if !r.noReports {
			f = report.FileOf(in.Path, doc, findings)
		}
		l.annotate(&f, doc, opts, r.extras)
		return checked{file: f, fix: out}
	}
	if res.Passes > 0 {
		if err := r.env.replaceFile(in.Abs, src, res.Doc.File); err != nil {
			return checked{err: &report.InputError{Path: in.Path, Message: "not fixed: " + err.Error() + "; the file is unchanged"}}
		}
	}
	f := report.FileOf(in.Path, res.Doc, res.Findings)
	l.annotate(&f, res.Doc, opts, r.extras)
	f.Fixed = res.Fixed
	return checked{file: f, fix: out}
}

// fixDoc fixes doc, whose findings are given, in passes (see
// checker.Fixer); accept, when set, drops the fixes of the findings of
// each pass that are not to be fixed. A file whose encoding cannot take
// the fixes is left as it is, and unwritable says why.
func (l *Linter) fixDoc(in Input, opts checker.Options, doc *checker.Document, findings []checker.Finding, accept func([]checker.Finding)) (res *checker.FixResult, unwritable string, ierr *report.InputError) {
	fixer := checker.Fixer{Check: func(b []byte) (*checker.Document, []checker.Finding, error) {
		d, fs, ierr := l.checkDoc(in, b, opts)
		if ierr != nil {
			return nil, nil, errors.New(ierr.Message)
		}
		if accept != nil {
			accept(fs)
		}
		return d, fs, nil
	}}
	res, err := fixer.Fix(doc, findings)
	switch {
	case errors.Is(err, checker.ErrUnwritable):
		// The file's encoding cannot take the fixes: report it as it is.
		return &checker.FixResult{Doc: doc, Findings: findings}, fmt.Sprintf("%s: not fixed: %v", in.Path, err), nil
	case err != nil:
		return nil, "", &report.InputError{Path: in.Path, Message: "not fixed: " + err.Error()}
	}
	return res, "", nil
}

// fixNotes words why fixes were left out: "path:line:col: rule: …".
func fixNotes(path string, res *checker.FixResult) []string {
	var notes []string
	if res.Stopped != "" {
		notes = append(notes, fmt.Sprintf("%s: fixing stopped: %s", path, res.Stopped))
	}
	for _, c := range res.Skipped {
		f := &res.Findings[c.Finding]
		note := fmt.Sprintf("%s:%d:%d: %s: fix not applied: it overlaps", path, f.Start.Line, f.Start.Column, f.Rule.ID)
		if c.With >= 0 {
			w := &res.Findings[c.With]
			note += fmt.Sprintf(" the fix of %s (%d:%d)", w.Rule.ID, w.Start.Line, w.Start.Column)
		} else {
			note += " the end of the file"
		}
		notes = append(notes, note)
	}
	return notes
}

// fixTally counts what --fix and --diff did over a run.
type fixTally struct {
	mode    FixMode
	fixable int // --diff: findings with a fix, in files with a patch
	files   int // files with a patch (--diff)
	// --diff: files with fixes that no patch shows (UTF-16), and their
	// findings with a fix
	noPatchFiles, noPatchFixable int
}

// fixFile prints what fixing one input did, in input order: its notes on
// stderr, and with --diff its patch on stdout.
func (e *Env) fixFile(t *fixTally, c *checked) error {
	for _, n := range c.fix.notes {
		fmt.Fprintln(e.Stderr, n)
	}
	if t.mode == FixDiff && c.fix.noPatch {
		t.noPatchFiles++
		t.noPatchFixable += c.fix.fixable
	}
	if t.mode != FixDiff || c.fix.patch == "" {
		return nil
	}
	t.files++
	t.fixable += c.fix.fixable
	_, err := io.WriteString(e.Stdout, c.fix.patch)
	return err
}

// fixSummary prints, with --diff, a line on stderr that says what the
// patch fixes.
func (e *Env) fixSummary(t *fixTally, quiet bool) {
	if t.mode != FixDiff || quiet {
		return
	}
	// Fixes a patch cannot show (UTF-16 files) are fixes all the same:
	// never "nothing to fix" when check --fix would write some.
	noPatch := ""
	if t.noPatchFiles > 0 {
		noPatch = fmt.Sprintf("%s in %s (UTF-16: no patch, see above) can be fixed only by check --fix", plural(t.noPatchFixable, "finding"), plural(t.noPatchFiles, "file"))
	}
	switch {
	case t.files == 0 && noPatch == "":
		fmt.Fprintln(e.Stderr, "copydesk: nothing to fix")
	case t.files == 0:
		fmt.Fprintf(e.Stderr, "copydesk: no patch: %s\n", noPatch)
	default:
		line := fmt.Sprintf("copydesk: %s in %s can be fixed; the patch is on stdout (apply it with git apply, patch -p1, or check --fix)",
			plural(t.fixable, "finding"), plural(t.files, "file"))
		if noPatch != "" {
			line += "; " + noPatch
		}
		fmt.Fprintln(e.Stderr, line)
	}
}

// replaceFile writes the fixed bytes of a file in place of the original
// ones through e.Files (see rewriteFileAtomic), after checking that the
// file still holds what was read: an editor may have saved it meanwhile.
func (e *Env) replaceFile(path string, read, fixed []byte) error {
	now, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("cannot read the file again: %s", IOMessage(err))
	}
	if !bytes.Equal(now, read) {
		return fmt.Errorf("the file changed while it was being checked")
	}
	w := e.Files
	if w.CreateTemp == nil {
		w = osFiles()
	}
	return rewriteFileAtomic(w, path, fixed)
}

// plural formats a count of things: "1 rule", "2 rules".
func plural(n int, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return fmt.Sprintf("%d %ss", n, thing)
}

package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/copydesk/copydesk/checker"
	"github.com/copydesk/copydesk/report"
)

// fixMode is what check does with fixes.
type fixMode int

const (
	fixNone  fixMode = iota
	fixWrite         // --fix: apply them in place
	fixDiff          // --diff: print the patch, write nothing
)

// parseFixMode reads --fix and --diff and checks them against the other
// arguments.
//
// --diff prints the patch on stdout and nothing else, so that
// "copydesk check --diff > fixes.patch" or "| git apply" works, as with
// ruff --diff, black --diff and gofmt -d. Reports still go to the paths
// of -f NAME=PATH, and they and the exit code describe the files as they
// are, since --diff changes nothing: a CI job that publishes the patch
// still fails on the findings. A report on stdout is a usage error; a
// one-line summary goes to stderr (unless --quiet).
//
// --fix writes the files and reports what remains, and exits by what
// remains (SPEC §7), as eslint --fix does.
func parseFixMode(c *cli.Context) (fixMode, error) {
	fix, diff := c.Bool("fix"), c.Bool("diff")
	switch {
	case fix && diff:
		return fixNone, usageErrorf("--fix and --diff exclude each other: --diff shows what --fix would write")
	case diff:
		for _, f := range c.StringSlice("format") {
			if _, path, _ := strings.Cut(f, "="); path == "" || path == "-" {
				return fixNone, usageErrorf("--format %s: --diff writes the patch to stdout; give the report a path (NAME=PATH)", f)
			}
		}
		return fixDiff, nil
	case fix:
		for _, a := range c.Args().Slice() {
			if a == "-" {
				return fixNone, usageErrorf("--fix cannot rewrite stdin (-); use --diff to get the patch")
			}
		}
		if c.Bool("staged") {
			return fixNone, usageErrorf("--fix cannot be used with --staged: the staged content is not the file (use --diff and git apply --cached)")
		}
		return fixWrite, nil
	}
	return fixNone, nil
}

// fixOutcome is what fixing one input did, beyond its report.
type fixOutcome struct {
	patch   string   // --diff: the unified diff of every fix together
	fixable int      // --diff: findings that have a fix
	notes   []string // why some fixes were not applied, for stderr
}

// fixSource fixes one document's bytes (see checker.Fixer): with --fix it
// writes the result and reports what remains; with --diff it reports the
// findings of the file as it is, and the patch of every fix.
func (e *env) fixSource(l *loaded, in input, src []byte, jurisdictions []string) checked {
	doc, findings, ierr := l.checkDoc(in, src, jurisdictions)
	if ierr != nil {
		return checked{err: ierr}
	}
	e.baseline.leaveAccepted(e, in.path, findings)
	fixer := checker.Fixer{Check: func(b []byte) (*checker.Document, []checker.Finding, error) {
		d, fs, ierr := l.checkDoc(in, b, jurisdictions)
		if ierr != nil {
			return nil, nil, errors.New(ierr.Message)
		}
		e.baseline.leaveAccepted(e, in.path, fs)
		return d, fs, nil
	}}
	res, err := fixer.Fix(doc, findings)
	var unwritable string
	switch {
	case errors.Is(err, checker.ErrUnwritable):
		// The file's encoding cannot take the fixes: report it as it is.
		res, unwritable = &checker.FixResult{Doc: doc, Findings: findings}, fmt.Sprintf("%s: not fixed: %v", in.path, err)
	case err != nil:
		return checked{err: &report.InputError{Path: in.path, Message: "not fixed: " + err.Error()}}
	}
	out := fixOutcome{notes: fixNotes(in.path, res)}
	if unwritable != "" {
		out.notes = append(out.notes, unwritable)
	}
	if e.fixMode == fixDiff {
		switch {
		case res.Passes == 0:
		case strings.HasPrefix(doc.Encoding, "utf-16"):
			// A line diff of UTF-16 bytes is no text patch: git and patch
			// take such files for binary.
			out.notes = append(out.notes, fmt.Sprintf("%s: no patch for a %s file; check --fix writes its fixes", in.path, strings.ToUpper(doc.Encoding)))
		default:
			out.patch = report.UnifiedDiff(in.path, src, res.Doc.File)
		}
		for i := range findings {
			if f := &findings[i]; f.Fix != nil && !f.Suppressed {
				out.fixable++
			}
		}
		f := report.File{Path: in.path, Findings: findings}
		if !e.noReports {
			f = fileReport(in.path, doc, findings)
		}
		l.annotate(&f, in, doc)
		return checked{file: f, fix: out}
	}
	if res.Passes > 0 {
		if err := e.replaceFile(in.abs, src, res.Doc.File); err != nil {
			return checked{err: &report.InputError{Path: in.path, Message: "not fixed: " + err.Error() + "; the file is unchanged"}}
		}
	}
	f := fileReport(in.path, res.Doc, res.Findings)
	l.annotate(&f, in, res.Doc)
	f.Fixed = res.Fixed
	return checked{file: f, fix: out}
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
	mode    fixMode
	fixable int // --diff: findings with a fix, in files with a patch
	files   int // files with a patch (--diff)
}

// fixFile prints what fixing one input did, in input order: its notes on
// stderr, and with --diff its patch on stdout.
func (e *env) fixFile(t *fixTally, c *checked) error {
	for _, n := range c.fix.notes {
		fmt.Fprintln(e.stderr, n)
	}
	if t.mode != fixDiff || c.fix.patch == "" {
		return nil
	}
	t.files++
	t.fixable += c.fix.fixable
	_, err := io.WriteString(e.stdout, c.fix.patch)
	return err
}

// fixSummary prints, with --diff, a line on stderr that says what the
// patch fixes.
func (e *env) fixSummary(t *fixTally, quiet bool) {
	if t.mode != fixDiff || quiet {
		return
	}
	if t.files == 0 {
		fmt.Fprintln(e.stderr, "copydesk: nothing to fix")
		return
	}
	fmt.Fprintf(e.stderr, "copydesk: %s in %s can be fixed; the patch is on stdout (apply it with git apply, patch -p1, or check --fix)\n",
		plural(t.fixable, "finding"), plural(t.files, "file"))
}

// replaceFile writes the fixed bytes of a file in place of the original
// ones through e.files (see rewriteFileAtomic), after checking that the
// file still holds what was read: an editor may have saved it meanwhile.
func (e *env) replaceFile(path string, read, fixed []byte) error {

	now, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("cannot read the file again: %s", ioMessage(err))
	}
	if !bytes.Equal(now, read) {
		return fmt.Errorf("the file changed while it was being checked")
	}
	w := e.files
	if w.createTemp == nil {
		w = osFiles()
	}
	return rewriteFileAtomic(w, path, fixed)
}

// fileWriter is what rewriteFileAtomic needs of the file system; tests
// replace its steps to make them fail.
type fileWriter struct {
	createTemp func(dir, pattern string) (tempFile, error)
	rename     func(oldpath, newpath string) error
}

// tempFile is the part of *os.File that rewriteFileAtomic uses.
type tempFile interface {
	io.Writer
	Name() string
	Chmod(mode fs.FileMode) error
	Sync() error
	Close() error
}

// osFiles is the real file system.
func osFiles() fileWriter {
	return fileWriter{
		createTemp: func(dir, pattern string) (tempFile, error) { return os.CreateTemp(dir, pattern) },
		rename:     os.Rename,
	}
}

// rewriteFileAtomic replaces the content of the file at path with data,
// so that at every moment the file holds either all of the old bytes or
// all of the new ones: it writes a temporary file in the same directory,
// gives it the file's mode, syncs it to disk and renames it over the
// file. On any error the original file is untouched and the temporary
// file is removed. A symbolic link is followed: its target is replaced
// and the link stays. (The file's owner becomes the user running
// copydesk, and other hard links keep the old content, as with any
// editor that saves by renaming.)
func rewriteFileAtomic(w fileWriter, path string, data []byte) (err error) {
	target, err := filepath.EvalSymlinks(path)
	if err != nil {
		return fmt.Errorf("cannot resolve the path: %s", ioMessage(err))
	}
	fi, err := os.Stat(target)
	if err != nil {
		return fmt.Errorf("cannot stat the file: %s", ioMessage(err))
	}
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("not a regular file")
	}
	tmp, err := w.createTemp(filepath.Dir(target), "."+filepath.Base(target)+".copydesk-*")
	if err != nil {
		return fmt.Errorf("cannot create a temporary file beside it: %s", ioMessage(err))
	}
	name := tmp.Name()
	closed := false
	defer func() {
		if err != nil {
			if !closed {
				tmp.Close()
			}
			os.Remove(name)
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return fmt.Errorf("cannot write the temporary file: %s", ioMessage(err))
	}
	if err = tmp.Chmod(fi.Mode() & (fs.ModePerm | fs.ModeSetuid | fs.ModeSetgid | fs.ModeSticky)); err != nil {
		return fmt.Errorf("cannot set the mode of the temporary file: %s", ioMessage(err))
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("cannot sync the temporary file: %s", ioMessage(err))
	}
	closed = true
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("cannot close the temporary file: %s", ioMessage(err))
	}
	if err = w.rename(name, target); err != nil {
		return fmt.Errorf("cannot rename the temporary file over it: %s", ioMessage(err))
	}
	// Make the rename itself durable; not every system can sync a
	// directory, and the file is already complete either way.
	if d, derr := os.Open(filepath.Dir(target)); derr == nil {
		_ = d.Sync()
		d.Close()
	}
	return nil
}

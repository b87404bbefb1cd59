package lint

import (
	"errors"
	"slices"

	"github.com/copydesk/copydesk/checker"
	"github.com/copydesk/copydesk/report"
	"github.com/copydesk/copydesk/rules"
)

// CheckSource parses and checks one document's bytes: in.Path names it
// in reports, in.Abs (when set) places it for the config's overrides.
// jurisdictions are the run's (the config's and the document's add to
// them).
func (l *Linter) CheckSource(in Input, src []byte, jurisdictions []string) (report.File, *report.InputError) {
	return l.checkSource(in, src, l.options(in, jurisdictions), extras{reading: in.Reading})
}

// CheckDocument parses and checks one document's bytes as CheckSource
// does, for a front end that acts on the findings itself (an editor
// server): the parsed document and its findings, whose spans and fix
// edits are byte offsets into src. in.Charset "utf-8" reads the bytes as
// UTF-8 whatever the page declares, as an editor's text is.
func (l *Linter) CheckDocument(in Input, src []byte, jurisdictions []string) (*checker.Document, []checker.Finding, *report.InputError) {
	return l.checkDoc(in, src, l.options(in, jurisdictions))
}

// FixDocument fixes one document's bytes as check --fix does, and writes
// nothing: the result (FixResult.Doc.File holds the fixed bytes,
// FixResult.Findings what remains), and notes saying why fixes were left
// out, as --fix prints them.
func (l *Linter) FixDocument(in Input, src []byte, jurisdictions []string) (*checker.FixResult, []string, *report.InputError) {
	opts := l.options(in, jurisdictions)
	doc, findings, ierr := l.checkDoc(in, src, opts)
	if ierr != nil {
		return nil, nil, ierr
	}
	res, unwritable, ierr := l.fixDoc(in, opts, doc, findings, nil)
	if ierr != nil {
		return nil, nil, ierr
	}
	notes := fixNotes(in.Path, res)
	if unwritable != "" {
		notes = append(notes, unwritable)
	}
	return res, notes, nil
}

// extras are what a run's reports want of each file besides its
// findings.
type extras struct {
	content bool // which element is the content (check --explain-scope)
	reading bool // the text as the rules read it (report.Format.Reading)
}

// checkSource is CheckSource with the checker options of in and the
// extras the run's reports want.
func (l *Linter) checkSource(in Input, src []byte, opts checker.Options, x extras) (report.File, *report.InputError) {
	doc, findings, ierr := l.checkDoc(in, src, opts)
	if ierr != nil {
		return report.File{}, ierr
	}
	f := report.FileOf(in.Path, doc, findings)
	l.annotate(&f, doc, opts, x)
	return f, nil
}

// options are the checker options of in: the run's jurisdictions with
// those the config gives its path, and the config's severity overrides
// for it.
func (l *Linter) options(in Input, jurisdictions []string) checker.Options {
	p := in.Path
	if in.Abs != "" {
		p = configRel(l.Config, in.Abs)
	}
	cj, sev := l.Config.ForPath(p)
	// A new slice: workers share jurisdictions, and an append must not
	// write into its spare capacity.
	return checker.Options{Jurisdictions: slices.Concat(jurisdictions, cj), Severities: sev}
}

// annotate completes the report of a document: the rules the config's
// overrides turn off for it and the extras x asks for: which element was
// the content of doc, and its text.
func (l *Linter) annotate(f *report.File, doc *checker.Document, opts checker.Options, x extras) {
	if len(l.Config.Overrides) > 0 {
		for id, s := range opts.Severities {
			if s == rules.SevOff {
				if f.Off == nil {
					f.Off = make(map[string]bool)
				}
				f.Off[id] = true
			}
		}
	}
	if x.content {
		f.Content = l.Engine.Content(doc).Describe(doc)
	}
	if x.reading {
		f.Reading = l.Engine.Reading(doc)
	}
}

// checkDoc parses and checks one document's bytes.
func (l *Linter) checkDoc(in Input, src []byte, opts checker.Options) (*checker.Document, []checker.Finding, *report.InputError) {
	doc, err := checker.ParseSent(in.Path, src, in.Charset)
	in.gc.parsed()
	if err != nil {
		ie := &report.InputError{Path: in.Path, Message: err.Error()}
		var fe *checker.FileError
		if errors.As(err, &fe) {
			ie.Line, ie.Column = fe.Pos.Line, fe.Pos.Column
		}
		return nil, nil, ie
	}
	findings, err := l.Engine.Check(doc, opts)
	if err != nil {
		return nil, nil, &report.InputError{Path: in.Path, Message: "internal error: " + err.Error()}
	}
	return doc, findings, nil
}

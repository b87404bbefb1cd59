package main

import (
	"errors"
	"sync"

	"github.com/copydesk/copydesk/checker"
	"github.com/copydesk/copydesk/report"
	"github.com/copydesk/copydesk/rules"
)

// checked is the outcome of checking one input.
type checked struct {
	file  report.File
	err   *report.InputError // the input could not be read or checked
	bytes int                // bytes read
	fix   fixOutcome         // with --fix or --diff
}

// checkAll checks the inputs with a pool of jobs workers and hands each
// outcome to emit, in input order, as soon as it and every input before
// it are done. Workers run at most 2×jobs inputs ahead of emit, so memory
// is bounded by the jobs and the largest files, not by how many files
// there are: a document is dropped once checked, and emit sees only its
// findings.
func (e *env) checkAll(l *loaded, ins []input, jurisdictions []string, jobs int, emit func(*checked)) {
	if len(ins) == 0 {
		return
	}
	window := 2 * jobs
	slots := make([]chan checked, window) // input i's outcome goes to slots[i%window]
	for i := range slots {
		slots[i] = make(chan checked, 1)
	}
	ahead := make(chan struct{}, window) // one token per input dispatched and not yet emitted
	work := make(chan int)
	go func() {
		for i := range ins {
			ahead <- struct{}{}
			work <- i
		}
		close(work)
	}()
	var wg sync.WaitGroup
	for range min(jobs, len(ins)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				slots[i%window] <- e.checkOne(l, ins[i], jurisdictions)
			}
		}()
	}
	for i := range ins {
		c := <-slots[i%window]
		emit(&c)
		<-ahead
	}
	wg.Wait()
}

// checkOne reads and checks one document.
func (e *env) checkOne(l *loaded, in input, jurisdictions []string) checked {
	var src []byte
	var err error
	if in.read != nil {
		src, err = in.read()
		if err == nil && e.maxSize > 0 && int64(len(src)) > e.maxSize {
			src, err = nil, &tooLargeError{size: int64(len(src)), max: e.maxSize}
		}
	} else {
		src, err = e.readInput(in.abs, e.maxSize)
	}
	if err != nil {
		return checked{err: &report.InputError{Path: in.path, Message: ioMessage(err)}}
	}
	if e.fixMode != fixNone {
		c := e.fixSource(l, in, src, jurisdictions)
		c.bytes = len(src)
		return c
	}
	f, ierr := l.checkSource(in, src, jurisdictions)
	return checked{file: f, err: ierr, bytes: len(src)}
}

// checkSource parses and checks one document's bytes: in.path names it
// in reports, in.abs (when set) places it for the config's overrides.
func (l *loaded) checkSource(in input, src []byte, jurisdictions []string) (report.File, *report.InputError) {
	doc, findings, ierr := l.checkDoc(in, src, jurisdictions)
	if ierr != nil {
		return report.File{}, ierr
	}
	f := fileReport(in.path, doc, findings)
	l.annotate(&f, in, doc)
	return f, nil
}

// configPath is the path of in that the config's overrides match.
func (l *loaded) configPath(in input) string {
	if in.abs != "" {
		return configRel(l.cfg, in.abs)
	}
	return in.path
}

// annotate completes the report of in: the rules the config's overrides
// turn off for it, with check --explain-scope which element was the
// content of doc, and for a format that shows it, the text of doc.
func (l *loaded) annotate(f *report.File, in input, doc *checker.Document) {
	if len(l.cfg.Overrides) > 0 {
		_, sev := l.cfg.ForPath(l.configPath(in))
		for id, s := range sev {
			if s == rules.SevOff {
				if f.Off == nil {
					f.Off = make(map[string]bool)
				}
				f.Off[id] = true
			}
		}
	}
	if l.explainScope {
		f.Content = l.engine.Content(doc).Describe(doc)
	}
	if l.reading {
		f.Reading = l.engine.Reading(doc)
	}
}

// checkDoc parses and checks one document's bytes.
func (l *loaded) checkDoc(in input, src []byte, jurisdictions []string) (*checker.Document, []checker.Finding, *report.InputError) {
	doc, err := checker.ParseSent(in.path, src, in.charset)
	if err != nil {
		ie := &report.InputError{Path: in.path, Message: err.Error()}
		var fe *checker.FileError
		if errors.As(err, &fe) {
			ie.Line, ie.Column = fe.Pos.Line, fe.Pos.Column
		}
		return nil, nil, ie
	}
	opts := checker.Options{Jurisdictions: jurisdictions}
	cj, sev := l.cfg.ForPath(l.configPath(in))
	opts.Jurisdictions = append(opts.Jurisdictions, cj...)
	opts.Severities = sev
	findings, err := l.engine.Check(doc, opts)
	if err != nil {
		return nil, nil, &report.InputError{Path: in.path, Message: "internal error: " + err.Error()}
	}
	return doc, findings, nil
}

// fileReport is the report of the findings of doc, with the diff of each
// fix.
func fileReport(path string, doc *checker.Document, findings []checker.Finding) report.File {
	src := doc.File
	f := report.File{Path: path, Findings: findings}
	for i := range findings {
		if fx := findings[i].Fix; fx != nil {
			if f.Diffs == nil {
				f.Diffs = make([]string, len(findings))
			}
			if doc.Encoding == "utf-8" {
				f.Diffs[i] = report.FixDiff(path, src, fx.Edits)
				continue
			}
			// In another encoding: the fix written in it, shown decoded.
			fixed, err := doc.Apply(fx.Edits)
			if err != nil {
				continue // no diff for a fix that cannot be written in the file's encoding
			}
			f.Diffs[i] = report.UnifiedDiff(path, doc.Decode(src), doc.Decode(fixed))
		}
	}
	return f
}

package main

import (
	"io"
	"os"
	"sync"

	"github.com/copydesk/copydesk/checker"
	"github.com/copydesk/copydesk/report"
)

// checkAll checks the inputs with a pool of jobs workers; the results
// come back in input order.
func (e *env) checkAll(l *loaded, ins []input, jurisdictions []string, jobs int) ([]report.File, []report.InputError) {
	type result struct {
		file report.File
		err  *report.InputError
	}
	results := make([]result, len(ins))
	work := make(chan int)
	var wg sync.WaitGroup
	for range min(jobs, max(len(ins), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				f, err := e.checkOne(l, ins[i], jurisdictions)
				results[i] = result{f, err}
			}
		}()
	}
	for i := range ins {
		work <- i
	}
	close(work)
	wg.Wait()
	var files []report.File
	var errs []report.InputError
	for _, r := range results {
		if r.err != nil {
			errs = append(errs, *r.err)
			continue
		}
		files = append(files, r.file)
	}
	return files, errs
}

// checkOne reads and checks one document.
func (e *env) checkOne(l *loaded, in input, jurisdictions []string) (report.File, *report.InputError) {
	var src []byte
	var err error
	switch {
	case in.read != nil:
		src, err = in.read()
	case in.abs == "":
		src, err = io.ReadAll(e.stdin)
	default:
		src, err = os.ReadFile(in.abs)
	}
	if err != nil {
		return report.File{}, &report.InputError{Path: in.path, Message: ioMessage(err)}
	}
	return l.checkSource(in, src, jurisdictions)
}

// checkSource parses and checks one document's bytes: in.path names it
// in reports, in.abs (when set) places it for the config's overrides.
func (l *loaded) checkSource(in input, src []byte, jurisdictions []string) (report.File, *report.InputError) {
	doc, err := checker.Parse(in.path, src)
	if err != nil {
		return report.File{}, &report.InputError{Path: in.path, Message: err.Error()}
	}
	opts := checker.Options{Jurisdictions: jurisdictions}
	rel := in.path
	if in.abs != "" {
		rel = configRel(l.cfg, in.abs)
	}
	cj, sev := l.cfg.ForPath(rel)
	opts.Jurisdictions = append(opts.Jurisdictions, cj...)
	opts.Severities = sev
	findings, err := l.engine.Check(doc, opts)
	if err != nil {
		return report.File{}, &report.InputError{Path: in.path, Message: "internal error: " + err.Error()}
	}
	f := report.File{Path: in.path, Findings: findings}
	for i := range findings {
		if fx := findings[i].Fix; fx != nil {
			if f.Diffs == nil {
				f.Diffs = make([]string, len(findings))
			}
			f.Diffs[i] = report.FixDiff(in.path, src, fx.Edits)
		}
	}
	return f, nil
}

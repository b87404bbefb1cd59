package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/copydesk/copydesk/internal/ledger"
)

// errMismatch is diff's answer when the ledger does not match the build.
var errMismatch = errors.New("the ledger does not match the build")

// work is one run of the command.
type work struct {
	root, corpus string
	stdout       io.Writer
	blind        bool // show: every finding, and no verdict or reason
}

// measure checks the corpus with the section's rules and reads its
// ledger.
func (w *work) measure(s ledger.Section) (*ledger.Checker, []ledger.Entry, *ledger.Ledger, error) {
	c, err := s.Load(w.root)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("section %s: %w", s.Name, err)
	}
	now, err := c.CheckCorpus(w.corpus)
	if err != nil {
		return nil, nil, nil, err
	}
	l, err := ledger.Read(filepath.Join(w.root, s.Ledger))
	if err != nil {
		return nil, nil, nil, err
	}
	l.Name = s.Ledger
	return c, now, l, nil
}

func (w *work) diff(sections []ledger.Section) error {
	mismatch := false
	for i, s := range sections {
		_, now, l, err := w.measure(s)
		if err != nil {
			return err
		}
		if i > 0 {
			fmt.Fprintln(w.stdout)
		}
		fmt.Fprintf(w.stdout, "%s (%s): %d findings in the build, %d in the ledger\n\n", s.Title, s.Ledger, len(now), len(l.Entries))
		diffs := ledger.Compare(l, now)
		ledger.WriteTable(w.stdout, diffs)
		for _, d := range diffs {
			for _, e := range d.New {
				fmt.Fprintf(w.stdout, "new:  %s\n", e.Describe())
			}
			for _, e := range d.Gone {
				fmt.Fprintf(w.stdout, "gone: %s (%s:%d)\n", e.Describe(), s.Ledger, e.Line)
			}
			mismatch = mismatch || len(d.New) > 0 || len(d.Gone) > 0
		}
	}
	if mismatch {
		return errMismatch
	}
	return nil
}

func (w *work) update(sections []ledger.Section) error {
	// Every section's ledger, for findings the sections share.
	all := map[string]*ledger.Ledger{}
	for _, s := range ledger.Sections {
		l, err := ledger.Read(filepath.Join(w.root, s.Ledger))
		if err != nil {
			return err
		}
		all[s.Name] = l
	}
	for _, s := range sections {
		_, now, l, err := w.measure(s)
		if err != nil {
			return err
		}
		var others []*ledger.Ledger
		for name, o := range all {
			if name != s.Name {
				others = append(others, o)
			}
		}
		updated, gone, carried := ledger.Update(l, now, others...)
		updated.Name = filepath.Join(w.root, s.Ledger)
		if err := os.MkdirAll(filepath.Dir(updated.Name), 0o755); err != nil {
			return err
		}
		if err := updated.WriteFile(s.Header()); err != nil {
			return err
		}
		all[s.Name] = updated
		unjudged := 0
		for _, e := range updated.Entries {
			if !e.Judged() {
				unjudged++
			}
		}
		fmt.Fprintf(w.stdout, "%s: %d findings, %d not judged (?), %d gone\n", s.Ledger, len(updated.Entries), unjudged, len(gone))
		for _, e := range carried {
			fmt.Fprintf(w.stdout, "  %s: verdict carried over from the finding it replaces, check it: %s\n", e.Verdict, e.Where())
		}
		for _, e := range gone {
			fmt.Fprintf(w.stdout, "  gone: %s\n", e.Describe())
		}
	}
	return nil
}

// show prints the findings of page (and rule), or without a page those
// the ledger has not judged, with their context.
func (w *work) show(sections []ledger.Section, args []string) error {
	var page, rule string
	if len(args) > 0 {
		page = filepath.ToSlash(args[0])
	}
	if len(args) > 1 {
		rule = args[1]
	}
	for _, s := range sections {
		c, err := s.Load(w.root)
		if err != nil {
			return err
		}
		l, err := ledger.Read(filepath.Join(w.root, s.Ledger))
		if err != nil {
			return err
		}
		verdicts := map[string]*ledger.Entry{}
		for i := range l.Entries {
			e := &l.Entries[i]
			verdicts[e.Page+"\t"+e.Key()] = e
		}
		pages := []string{page}
		if page == "" {
			if pages, err = ledger.Pages(w.corpus); err != nil {
				return err
			}
		}
		for _, p := range pages {
			data, err := os.ReadFile(filepath.Join(w.corpus, filepath.FromSlash(p)))
			if err != nil {
				return err
			}
			fs, err := c.Check(p, data)
			if err != nil {
				return err
			}
			for i := range fs {
				f := &fs[i]
				if rule != "" && f.Rule != rule {
					continue
				}
				verdict, where := "new, not in the ledger", ""
				if w.blind {
					verdict = "judge it"
				} else if e := verdicts[f.Page+"\t"+f.Key()]; e != nil {
					verdict, where = e.Verdict, fmt.Sprintf(" (%s:%d)", s.Ledger, e.Line)
					if e.Judged() {
						if page == "" {
							continue
						}
						verdict += ": " + e.Reason
					}
				}
				fmt.Fprintf(w.stdout, "== %s %s [%s]%s\n", f.Page, f.Rule, verdict, where)
				fmt.Fprintf(w.stdout, "  text:     %s\n", f.Text)
				f.WriteContext(w.stdout, c.Engine.Content(f.Doc).Nodes)
				fmt.Fprintln(w.stdout)
			}
		}
	}
	return nil
}

package ledger

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/copydesk/copydesk/checker"
	"github.com/copydesk/copydesk/rules"
	"golang.org/x/net/html"
)

// DefaultCorpus is the corpus the ledgers judge, relative to the module
// root: the shared corpus of real pages beside the repository.
const DefaultCorpus = "../shared/corpus/pages"

// Section is a set of rules run over the corpus, with its ledger.
type Section struct {
	Name   string // short name, as the command's -section takes it
	Title  string // what the section measures
	Ledger string // the ledger file, relative to the module root
	Config string // the config, relative to the module root; "" for the built-in default (no .copydesk.yml)
	// AllOn turns on the opt-in rules of the packs (enabled: false) that
	// the config does not set.
	AllOn bool
}

// Sections are the ledgers of copydesk's corpus. The default packs are
// measured in the first; rules that do not run by default only in the
// second.
var Sections = []Section{
	{
		Name:   "default",
		Title:  "section 1: the default packs, as `copydesk check` runs with no config",
		Ledger: "testdata/ledger/default.tsv",
	},
	{
		Name:   "all-packs",
		Title:  "section 2: every built-in pack and rule, in jurisdiction ru with publisher and agent set",
		Ledger: "testdata/ledger/all-packs.tsv",
		Config: "testdata/ledger/all-packs.copydesk.yml",
		AllOn:  true,
	},
}

// SectionNamed returns the section called name.
func SectionNamed(name string) (Section, bool) {
	for _, s := range Sections {
		if s.Name == name {
			return s, true
		}
	}
	return Section{}, false
}

// Header returns the comment lines at the top of the section's ledger.
func (s Section) Header() []string {
	cfg := "none (copydesk's built-in default)"
	if s.Config != "" {
		cfg = s.Config
	}
	return []string{
		"copydesk ledger, " + s.Title + ".",
		"config: " + cfg + "; pages relative to the corpus directory (default " + DefaultCorpus + ").",
		"One finding per line, tab-separated. verdict: true (a real violation), false, ? (not judged yet).",
		"`go run ./internal/cmd/ledger update` adds new findings as ?; judge them against the page as a",
		"reader sees it and give a one-line reason. `go run ./internal/cmd/ledger diff` shows what changed.",
	}
}

// Checker checks pages with the rules of a section, as copydesk check
// does with the section's config.
type Checker struct {
	Set    *rules.Set
	Engine *checker.Engine
	cfg    *rules.Config
	on     []*rules.Rule // opt-in rules the section turns on
}

// Load loads the section's rules; root is the module root, against which
// the config's path is taken.
func (s Section) Load(root string) (*Checker, error) {
	cfg := rules.DefaultConfig()
	if s.Config != "" {
		var err error
		if cfg, err = rules.LoadConfig(filepath.Join(root, s.Config)); err != nil {
			return nil, err
		}
	}
	set, err := rules.Load(cfg, nil)
	if err != nil {
		return nil, err
	}
	eng, err := checker.New(set)
	if err != nil {
		return nil, err
	}
	c := &Checker{Set: set, Engine: eng, cfg: cfg}
	if s.AllOn {
		for _, r := range set.Rules {
			if _, set := cfg.Severities[r.ID]; r.OptIn && !set {
				c.on = append(c.on, r)
			}
		}
	}
	return c, nil
}

// RunsByDefault reports whether the checker's config runs rule id: it is
// loaded, and not an opt-in rule left off.
func (c *Checker) RunsByDefault(id string) bool {
	r := c.Set.Rule(id)
	if r == nil || r.Internal {
		return false
	}
	if s, ok := c.cfg.Severities[id]; ok {
		return s.Severity != rules.SevOff
	}
	return r.DefaultSeverity() != rules.SevOff
}

// Finding is a finding of the build on a page, keyed as the ledger keys
// it.
type Finding struct {
	Entry                   // Page, Rule, Text, Path; no verdict
	Finding checker.Finding // as the engine reported it (Span in the file)
	Span    checker.Span    // the finding's span in Doc.Src
	Node    *html.Node      // the innermost element holding Span
	Doc     *checker.Document
}

// Check checks one page (page is its path relative to the corpus) and
// returns its findings in document order: those copydesk check reports,
// less copydesk's own (parse warnings and suppressions are about the
// file, not what the packs check).
func (c *Checker) Check(page string, data []byte) ([]Finding, error) {
	doc, err := checker.ParseFile(page, data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", page, err)
	}
	return c.CheckDoc(doc)
}

// CheckDoc is Check for a parsed page.
func (c *Checker) CheckDoc(doc *checker.Document) ([]Finding, error) {
	jur, sev := c.cfg.ForPath(doc.Path)
	for _, r := range c.on {
		if _, set := sev[r.ID]; !set {
			sev[r.ID] = r.Severity
		}
	}
	fs, err := c.Engine.Check(doc, checker.Options{Jurisdictions: jur, Severities: sev})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", doc.Path, err)
	}
	var out []Finding
	for _, f := range fs {
		if f.Suppressed || f.Rule.Internal {
			continue
		}
		out = append(out, keyed(doc, f))
	}
	number(out)
	return out, nil
}

// Pages returns the *.html and *.htm files under dir, as slash paths
// relative to it, in ledger order.
func Pages(dir string) ([]string, error) {
	var pages []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if ext := strings.ToLower(path.Ext(p)); d.IsDir() || ext != ".html" && ext != ".htm" {
			return nil
		}
		rel, err := filepath.Rel(dir, p)
		pages = append(pages, filepath.ToSlash(rel))
		return err
	})
	slices.SortFunc(pages, comparePages)
	return pages, err
}

// CheckCorpus checks every page of the corpus directory dir and returns
// the findings as ledger entries (no verdicts), in ledger order.
func (c *Checker) CheckCorpus(dir string) ([]Entry, error) {
	pages, err := Pages(dir)
	if err != nil {
		return nil, err
	}
	if len(pages) == 0 {
		return nil, fmt.Errorf("%s: no pages", dir)
	}
	results := make([][]Entry, len(pages))
	errs := make([]error, len(pages))
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(pages[i])))
				if err != nil {
					errs[i] = err
					continue
				}
				fs, err := c.Check(pages[i], data)
				for _, f := range fs {
					results[i] = append(results[i], f.Entry)
				}
				errs[i] = err
			}
		})
	}
	for i := range pages {
		next <- i
	}
	close(next)
	wg.Wait()
	var out []Entry
	for i := range pages {
		if errs[i] != nil {
			return nil, errs[i]
		}
		out = append(out, results[i]...)
	}
	l := Ledger{Entries: out}
	l.Sort()
	return l.Entries, nil
}

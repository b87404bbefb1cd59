package ledger

import (
	"bufio"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/copydesk/copydesk/checker"
)

// The corpus tests (TestLedger, TestPlantedRecall, TestAccuracyDoc) share
// one pass over the corpus: each page is read and parsed once, checked
// with each section's rules, and looked at for the violations the
// planted-recall test can plant into it.
//
// Under the race detector (go test -race, about twelve times slower here)
// the pass covers a sample of the pages, and the measurements are not
// held to their thresholds: the race run looks for data races; .ci/run
// runs this package once more without -race for the numbers.

// racePages keeps every racePages-th page under the race detector.
const racePages = 10

// corpusPage is what the pass keeps of a page.
type corpusPage struct {
	path, site string
	findings   map[string][]Finding // by section; no Doc (the page's tree is dropped)
	plantable  []string             // the planted types the page can host
}

// corpus is the result of the pass.
type corpus struct {
	dir     string
	pages   []*corpusPage
	checked map[string]bool // pages the pass checked (all, but under -race)
	now     map[string][]Entry
	// checkers by section name.
	checkers map[string]*Checker
}

var shared struct {
	once sync.Once
	c    *corpus
	err  error
}

// corpusPass returns the shared pass over the corpus, running it first.
func corpusPass(t *testing.T) *corpus {
	t.Helper()
	dir := corpusDir(t)
	shared.once.Do(func() { shared.c, shared.err = runPass(dir) })
	if shared.err != nil {
		t.Fatal(shared.err)
	}
	return shared.c
}

func runPass(dir string) (*corpus, error) {
	c := &corpus{dir: dir, checked: map[string]bool{}, now: map[string][]Entry{}, checkers: map[string]*Checker{}}
	for _, s := range Sections {
		ch, err := s.Load(root)
		if err != nil {
			return nil, err
		}
		c.checkers[s.Name] = ch
	}
	paths, err := Pages(dir)
	if err != nil {
		return nil, err
	}
	sites := readSites(filepath.Join(dir, ".."))
	for i, p := range paths {
		if raceEnabled && i%racePages != 0 {
			continue
		}
		site := sites[p]
		if site == "" || site == "-" {
			site = p
		}
		c.pages = append(c.pages, &corpusPage{path: p, site: site, findings: map[string][]Finding{}})
		c.checked[p] = true
	}
	errs := make([]error, len(c.pages))
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				errs[i] = c.look(c.pages[i])
			}
		})
	}
	for i := range c.pages {
		next <- i
	}
	close(next)
	wg.Wait()
	for i, p := range c.pages {
		if errs[i] != nil {
			return nil, errs[i]
		}
		for _, s := range Sections {
			for _, f := range p.findings[s.Name] {
				c.now[s.Name] = append(c.now[s.Name], f.Entry)
			}
		}
	}
	for _, s := range Sections {
		l := Ledger{Entries: c.now[s.Name]}
		l.Sort()
	}
	return c, nil
}

// look checks one page with every section and finds the planted types
// it can host.
func (c *corpus) look(p *corpusPage) error {
	data, err := os.ReadFile(filepath.Join(c.dir, filepath.FromSlash(p.path)))
	if err != nil {
		return err
	}
	doc, err := checker.ParseFile(p.path, data)
	if err != nil {
		return err
	}
	for _, s := range Sections {
		fs, err := c.checkers[s.Name].CheckDoc(doc)
		if err != nil {
			return err
		}
		for i := range fs {
			fs[i].Doc, fs[i].Node = nil, nil
		}
		p.findings[s.Name] = fs
	}
	if hp := newHostPage(p, doc, c.checkers["default"]); hp != nil {
		for _, pt := range plantedTypes {
			if _, ok := pt.plant(hp); ok {
				p.plantable = append(p.plantable, pt.name)
			}
		}
	}
	return nil
}

// readSites reads the site of each page from the corpus's MANIFEST.tsv
// (its file and site columns); without it, every page is its own site.
func readSites(corpusRoot string) map[string]string {
	sites := map[string]string{}
	f, err := os.Open(filepath.Join(corpusRoot, "MANIFEST.tsv"))
	if err != nil {
		return sites
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	fileCol, siteCol := -1, -1
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if fileCol < 0 {
			for i, name := range cols {
				switch name {
				case "file":
					fileCol = i
				case "site":
					siteCol = i
				}
			}
			if fileCol < 0 || siteCol < 0 {
				return sites
			}
			continue
		}
		if len(cols) > max(fileCol, siteCol) {
			sites[strings.TrimPrefix(cols[fileCol], "pages/")] = cols[siteCol]
		}
	}
	return sites
}

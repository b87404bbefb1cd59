// Command parsebaseline is the yardstick of copydesk's whole-process
// benchmark (scripts/bench.sh): it walks directories for *.html and
// *.htm files, reads each one and parses it with golang.org/x/net/html,
// on a pool of workers, and does nothing else. copydesk check over the
// same files should take no longer than this.
//
// With -article, it instead writes one article page of -size bytes made
// of the bodies of the pages in DIR (see internal/benchdata), for the
// benchmark of a single huge page.
//
// Usage:
//
//	parsebaseline [-jobs N] [-mode parse|tokenize|read] DIR...
//	parsebaseline -article FILE [-size BYTES] DIR...
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"golang.org/x/net/html"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("parsebaseline", flag.ContinueOnError)
	fl.SetOutput(stderr)
	jobs := fl.Int("jobs", runtime.NumCPU(), "files parsed in parallel")
	mode := fl.String("mode", "parse", "what to do with each file: parse (html.Parse), tokenize (bare tokenizer) or read")
	article := fl.String("article", "", "write one article page made of the pages' bodies to this file, and parse nothing")
	size := fl.Int("size", 100_000_000, "with -article, the size of the article in bytes")
	if err := fl.Parse(args); err != nil {
		return 2
	}
	if *article != "" {
		return writeArticle(*article, *size, fl.Args(), stderr)
	}
	work := modeFunc(*mode)
	if work == nil || *jobs < 1 || fl.NArg() == 0 {
		fmt.Fprintln(stderr, "usage: parsebaseline [-jobs N] [-mode parse|tokenize|read] DIR...\n       parsebaseline -article FILE [-size BYTES] DIR...")
		return 2
	}
	paths := make(chan string)
	var wg sync.WaitGroup
	var mu sync.Mutex
	files, nodes, failed := 0, 0, 0
	for range *jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range paths {
				src, err := os.ReadFile(p)
				n := 0
				if err == nil {
					n, err = work(src)
				}
				mu.Lock()
				if err != nil {
					fmt.Fprintf(stderr, "%s: %v\n", p, err)
					failed++
				}
				files++
				nodes += n
				mu.Unlock()
			}
		}()
	}
	for _, dir := range fl.Args() {
		err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			ext := strings.ToLower(filepath.Ext(p))
			if !d.IsDir() && (ext == ".html" || ext == ".htm") {
				paths <- p
			}
			return nil
		})
		if err != nil {
			fmt.Fprintln(stderr, err)
			failed++
		}
	}
	close(paths)
	wg.Wait()
	fmt.Fprintf(stdout, "%d files, %d parsed documents, tokens or bytes\n", files, nodes)
	if failed > 0 {
		return 1
	}
	return 0
}

// modeFunc returns the work -mode names, done on each file, or nil; each
// returns a count so the work cannot be optimised away.
func modeFunc(mode string) func([]byte) (int, error) {
	switch mode {
	case "parse":
		return parse
	case "tokenize":
		return tokenize
	case "read":
		return func(src []byte) (int, error) { return len(src), nil }
	}
	return nil
}

// parse runs html.Parse, and nothing else: the count is of documents.
func parse(src []byte) (int, error) {
	if _, err := html.Parse(bytes.NewReader(src)); err != nil {
		return 0, err
	}
	return 1, nil
}

// tokenize runs the bare tokenizer and counts the tokens.
func tokenize(src []byte) (int, error) {
	z := html.NewTokenizer(bytes.NewReader(src))
	for n := 0; ; n++ {
		if z.Next() == html.ErrorToken {
			if err := z.Err(); err != io.EOF {
				return n, err
			}
			return n, nil
		}
	}
}

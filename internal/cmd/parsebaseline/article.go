package main

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/copydesk/copydesk/internal/benchdata"
)

// writeArticle writes benchdata.Article of the pages under dirs to out.
func writeArticle(out string, size int, dirs []string, stderr io.Writer) int {
	var pages [][]byte
	for _, dir := range dirs {
		err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if ext := strings.ToLower(filepath.Ext(p)); d.IsDir() || ext != ".html" && ext != ".htm" {
				return nil
			}
			data, err := os.ReadFile(p)
			pages = append(pages, data)
			return err
		})
		if err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
	}
	if len(pages) == 0 {
		fmt.Fprintln(stderr, "parsebaseline: no pages to make an article of")
		return 2
	}
	if err := os.WriteFile(out, benchdata.Article(pages, size), 0o644); err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	return 0
}

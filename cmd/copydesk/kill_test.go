package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// TestKillDuringFix kills `copydesk check --fix` (SIGKILL: no deferred
// clean-up runs) at moments spread over a run that fixes hundreds of
// files, and checks that every file is then either exactly as it was or
// exactly as a complete run fixes it: never half-written, never lost.
// Where the kill lands varies from run to run; what is checked does not.
// Temporary files of the writes under way may be left beside the files
// (.NAME.copydesk-*); they are not pages, so later runs ignore them.
func TestKillDuringFix(t *testing.T) {
	if testing.Short() {
		t.Skip("builds copydesk and runs it a dozen times")
	}
	if runtime.GOOS == "windows" {
		t.Skip("kills a process")
	}
	inRoot(t)
	work := t.TempDir()
	bin := filepath.Join(work, "copydesk")
	if out, err := exec.Command("go", "build", "-o", bin, "./cmd/copydesk").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	articles, err := filepath.Glob("testdata/articles/*.html")
	if err != nil || len(articles) == 0 {
		t.Fatal("no test articles")
	}
	original := map[string][]byte{}
	for _, a := range articles {
		data, err := os.ReadFile(a)
		if err != nil {
			t.Fatal(err)
		}
		original[filepath.Base(a)] = data
	}
	cfg, err := filepath.Abs("testdata/rules/house.copydesk.yml")
	if err != nil {
		t.Fatal(err)
	}
	const copies = 10
	makeTree := func(dir string) {
		for i := range copies {
			for name, data := range original {
				writeTestFile(t, filepath.Join(dir, "c"+string(rune('a'+i)), name), string(data))
			}
		}
	}
	fixCmd := func(dir string) *exec.Cmd {
		cmd := exec.Command(bin, "check", "--fix", "--jobs", "2", "--config", cfg, "--jurisdiction", "ru", "-f", "json", dir)
		cmd.Stdout, cmd.Stderr = new(bytes.Buffer), new(bytes.Buffer)
		return cmd
	}

	// A complete run gives the fixed version of every page.
	ref := filepath.Join(work, "ref")
	makeTree(ref)
	cmd := fixCmd(ref)
	start := time.Now()
	if err := cmd.Run(); err != nil && cmd.ProcessState.ExitCode() > 1 {
		t.Fatalf("fix run: %v\n%s", err, cmd.Stderr)
	}
	full := time.Since(start)
	fixed := map[string][]byte{}
	changed := 0
	for name, data := range original {
		got, err := os.ReadFile(filepath.Join(ref, "ca", name))
		if err != nil {
			t.Fatal(err)
		}
		fixed[name] = got
		if !bytes.Equal(got, data) {
			changed++
		}
	}
	if changed < len(original)/2 {
		t.Fatalf("the rules fix only %d of %d articles: too few to interrupt", changed, len(original))
	}

	// Kill runs at moments from the start to the end of a full run.
	for k := range 6 {
		delay := full * time.Duration(k) / 6
		dir := filepath.Join(work, "run", string(rune('0'+k)))
		makeTree(dir)
		cmd := fixCmd(dir)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(delay)
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		var orig, done, temps int
		err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			if strings.Contains(d.Name(), ".copydesk-") {
				temps++
				return nil
			}
			got, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			switch name := d.Name(); {
			case bytes.Equal(got, original[name]):
				orig++
			case bytes.Equal(got, fixed[name]):
				done++
			default:
				t.Errorf("killed after %v: %s is neither the original nor the fixed page (%d bytes)", delay, p, len(got))
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if orig+done != copies*len(original) {
			t.Errorf("killed after %v: %d pages, want %d", delay, orig+done, copies*len(original))
		}
		t.Logf("killed after %v: %d pages as they were, %d fixed, %d temporary files left", delay.Round(time.Millisecond), orig, done, temps)
	}
}

package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"

	"go.yaml.in/yaml/v3"
)

// ciStep is a step of a GitHub Actions job, or a GitLab job's script.
type ciStep struct {
	Name  string            `yaml:"name"`
	Uses  string            `yaml:"uses"`
	Run   string            `yaml:"run"`
	Shell string            `yaml:"shell"`
	Env   map[string]string `yaml:"env"`
	With  map[string]string `yaml:"with"`
}

// ciJob is a job of a CI example: GitHub's steps or GitLab's script.
type ciJob struct {
	Steps  []ciStep `yaml:"steps"`
	Script []string `yaml:"script"`
	Image  string   `yaml:"image"`
}

// ciExample is one job of a CI example in the docs.
type ciExample struct {
	where string // file, block and job
	job   ciJob
}

// ciExamples reads the CI jobs the README and docs/ show: the YAML
// blocks with GitHub Actions steps (a workflow or one job of it) or a
// GitLab script.
func ciExamples(t *testing.T) []ciExample {
	t.Helper()
	files, _ := filepath.Glob("docs/*.md")
	files = append([]string{"README.md"}, files...)
	block := regexp.MustCompile("(?ms)^```yaml\n(.*?)^```")
	var out []ciExample
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, m := range block.FindAllStringSubmatch(string(data), -1) {
			var doc map[string]yaml.Node
			if err := yaml.Unmarshal([]byte(m[1]), &doc); err != nil {
				continue // not a mapping: not a CI file
			}
			jobs := map[string]yaml.Node{}
			if j, ok := doc["jobs"]; ok {
				if err := j.Decode(&jobs); err != nil {
					t.Fatalf("%s, YAML block %d: jobs: %v", f, i+1, err)
				}
			} else {
				jobs = doc // a job of a workflow, or GitLab's jobs at the top
			}
			names := make([]string, 0, len(jobs))
			for name := range jobs {
				names = append(names, name)
			}
			sort.Strings(names)
			for _, name := range names {
				n := jobs[name]
				var job ciJob
				if n.Kind != yaml.MappingNode || n.Decode(&job) != nil || len(job.Steps)+len(job.Script) == 0 {
					continue
				}
				out = append(out, ciExample{where: fmt.Sprintf("%s, YAML block %d, job %s", f, i+1, name), job: job})
			}
		}
	}
	return out
}

// githubShell is how the GitHub runner runs a run: step's script file
// on Linux: bash -e {0} by default (no pipefail), and the documented
// command of each named shell.
func githubShell(shell string) []string {
	switch shell {
	case "":
		return []string{"bash", "-e"}
	case "bash":
		return []string{"bash", "--noprofile", "--norc", "-eo", "pipefail"}
	case "sh":
		return []string{"sh", "-e"}
	}
	return nil
}

var (
	copydeskBinOnce sync.Once
	copydeskBin     string
	copydeskBinErr  error
)

// builtCopydesk builds the command of this tree once per test binary and
// returns its path.
func builtCopydesk(t *testing.T) string {
	t.Helper()
	copydeskBinOnce.Do(func() {
		dir, err := os.MkdirTemp("", "copydesk-bin-")
		if err != nil {
			copydeskBinErr = err
			return
		}
		copydeskBin = filepath.Join(dir, "copydesk")
		out, err := exec.Command("go", "build", "-o", copydeskBin, "github.com/copydesk/copydesk/cmd/copydesk").CombinedOutput()
		if err != nil {
			copydeskBinErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if copydeskBinErr != nil {
		t.Fatal(copydeskBinErr)
	}
	return copydeskBin
}

// expressionRE matches a GitHub Actions expression.
var expressionRE = regexp.MustCompile(`\$\{\{\s*(.*?)\s*\}\}`)

// TestCIExamples runs every CI job the docs show the way its CI system
// runs it — GitHub's run: steps under the shell the runner uses (bash -e
// without shell:, bash -eo pipefail with shell: bash), the steps of this
// repository's action.yml for uses: copydesk/copydesk, GitLab's script
// under sh -e — with the real copydesk, and go and reviewdog replaced by
// stand-ins that succeed (reviewdog exits 0 after reading its input, as
// it does by default). A job over a page with an error must fail, and
// the same job over a clean page must pass (issue 16 item 1).
func TestCIExamples(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("bash is not on PATH")
	}
	inRoot(t)
	bin := builtCopydesk(t)
	action := readAction(t)
	examples := ciExamples(t)
	if len(examples) < 4 {
		t.Fatalf("only %d CI jobs found in the docs", len(examples))
	}

	// Stand-ins: go (go install succeeds; go env GOPATH names a directory
	// whose bin holds the real copydesk) and reviewdog.
	gopath := t.TempDir()
	fake := filepath.Join(gopath, "bin")
	writeFiles(t, fake, map[string]string{
		"go":        "#!/bin/sh\nif [ \"$1 $2\" = \"env GOPATH\" ]; then echo \"$FAKE_GOPATH\"; fi\nexit 0\n",
		"reviewdog": "#!/bin/sh\ncat > \"$FAKE_GOPATH/reviewdog.in\"\nexit 0\n",
	})
	for _, f := range []string{"go", "reviewdog"} {
		if err := os.Chmod(filepath.Join(fake, f), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	data, err := os.ReadFile(bin)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(fake, "copydesk"), data, 0o755); err != nil {
		t.Fatal(err)
	}

	for _, ex := range examples {
		t.Run(ex.where, func(t *testing.T) {
			for _, page := range []struct {
				name  string
				html  string
				fails bool
			}{{"error", uncredited, true}, {"clean", credited, false}} {
				site := t.TempDir()
				writeFiles(t, site, map[string]string{
					".copydesk.yml":    creditConfig,
					"credit.yml":       creditRules,
					"site/news/a.html": page.html,
				})
				failed, log := runCIJob(t, ex.job, action, site, gopath)
				if failed != page.fails {
					t.Errorf("over a page with %s findings the job failed=%v, want %v:\n%s", page.name, failed, page.fails, log)
				}
			}
		})
	}
}

// runCIJob runs the steps of a job in dir, stopping at the first that
// fails (steps with an if: are the uploads, which the test leaves out),
// and tells whether the job failed, with its log.
func runCIJob(t *testing.T, job ciJob, action action, dir, gopath string) (bool, string) {
	t.Helper()
	type script struct {
		shell []string
		run   string
		env   map[string]string
	}
	var scripts []script
	if len(job.Script) > 0 {
		// GitLab runs the script's lines in one shell that stops at the
		// first failing command: sh -e where the image has no bash.
		scripts = append(scripts, script{shell: []string{"sh", "-e"}, run: strings.Join(job.Script, "\n")})
	}
	for _, st := range job.Steps {
		switch {
		case strings.HasPrefix(st.Uses, "copydesk/copydesk@"):
			inputs := map[string]string{}
			for name, in := range action.Inputs {
				if in.Default != nil {
					inputs[name] = *in.Default
				}
			}
			for k, v := range st.With {
				inputs[k] = evalExpr(v, nil)
			}
			for _, as := range action.Runs.Steps {
				if as.Run == "" {
					continue
				}
				env := map[string]string{}
				for k, v := range as.Env {
					env[k] = evalExpr(v, inputs)
				}
				scripts = append(scripts, script{shell: githubShell(as.Shell), run: as.Run, env: env})
			}
		case st.Run != "":
			sh := githubShell(st.Shell)
			if sh == nil {
				t.Fatalf("step %q: shell %q is not one the test knows", st.Name, st.Shell)
			}
			env := map[string]string{}
			for k, v := range st.Env {
				env[k] = evalExpr(v, nil)
			}
			scripts = append(scripts, script{shell: sh, run: st.Run, env: env})
		}
	}
	if len(scripts) == 0 {
		t.Fatal("the job runs nothing")
	}
	var log strings.Builder
	for i, s := range scripts {
		file := filepath.Join(t.TempDir(), fmt.Sprintf("step%d.sh", i))
		if err := os.WriteFile(file, []byte(s.run), 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(s.shell[0], append(s.shell[1:], file)...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(),
			"PATH="+filepath.Join(gopath, "bin")+string(os.PathListSeparator)+os.Getenv("PATH"),
			"FAKE_GOPATH="+gopath,
			"GITHUB_OUTPUT="+filepath.Join(dir, ".github-output"),
			"GITHUB_PATH="+filepath.Join(dir, ".github-path"),
			"GITHUB_ACTION_PATH="+dir,
			"CI=true")
		for k, v := range s.env {
			cmd.Env = append(cmd.Env, k+"="+v)
		}
		out, err := cmd.CombinedOutput()
		fmt.Fprintf(&log, "$ %s %s\n%s\n%s", strings.Join(s.shell, " "), "<<'EOF'", s.run, out)
		if err != nil {
			fmt.Fprintf(&log, "(%v)\n", err)
			return true, log.String()
		}
	}
	return false, log.String()
}

// evalExpr evaluates the GitHub expressions of a value as far as the
// test needs: inputs.NAME from inputs, anything else (secrets, event
// tests) as "".
func evalExpr(v string, inputs map[string]string) string {
	return expressionRE.ReplaceAllStringFunc(v, func(m string) string {
		e := expressionRE.FindStringSubmatch(m)[1]
		if name, ok := strings.CutPrefix(e, "inputs."); ok {
			return inputs[name]
		}
		return ""
	})
}

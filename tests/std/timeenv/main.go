// timeenv checks the clock, time zones, the environment, arguments and
// process identity. Run with arguments "a" "b c" and the guest
// environment TZ=Europe/Berlin and XENTEST=yes.
package main

import (
	"errors"
	"fmt"
	"os"
	"os/user"
	"slices"
	"time"
	_ "time/tzdata"
)

func check(name string, err error) {
	if err != nil {
		fmt.Printf("FAIL %s: %v\n", name, err)
		os.Exit(1)
	}
	fmt.Printf("PASS %s\n", name)
}

func want(cond bool, format string, args ...any) error {
	if cond {
		return nil
	}
	return fmt.Errorf(format, args...)
}

func main() {
	check("args", want(slices.Equal(os.Args[1:], []string{"a", "b c"}), "args %q", os.Args))

	check("clock", func() error {
		t0 := time.Now()
		time.Sleep(50 * time.Millisecond)
		d := time.Since(t0)
		return errors.Join(
			want(t0.Year() >= 2025 && t0.Year() < 2100, "wall clock %v", t0),
			want(d >= 50*time.Millisecond && d < 5*time.Second, "slept %v", d),
		)
	}())

	check("timezone", func() error {
		loc := time.Local.String()
		_, off := time.Date(2026, 7, 1, 12, 0, 0, 0, time.Local).Zone()
		ny, err := time.LoadLocation("America/New_York")
		if err != nil {
			return err
		}
		_, nyOff := time.Date(2026, 1, 1, 12, 0, 0, 0, ny).Zone()
		return errors.Join(
			want(loc == "Europe/Berlin", "Local is %q", loc),
			want(off == 2*3600, "Berlin summer offset %d", off),
			want(nyOff == -5*3600, "New York winter offset %d", nyOff),
		)
	}())

	check("env", func() error {
		v, ok := os.LookupEnv("XENTEST")
		if err := os.Setenv("NEWVAR", "x=y"); err != nil {
			return err
		}
		nv := os.Getenv("NEWVAR")
		os.Unsetenv("XENTEST")
		_, still := os.LookupEnv("XENTEST")
		return errors.Join(
			want(ok && v == "yes", "XENTEST=%q %v", v, ok),
			want(nv == "x=y", "NEWVAR=%q", nv),
			want(!still, "XENTEST still set after Unsetenv"),
			want(slices.Contains(os.Environ(), "NEWVAR=x=y"), "Environ %q", os.Environ()),
			want(os.ExpandEnv("$NEWVAR") == "x=y", "ExpandEnv"),
		)
	}())

	check("identity", func() error {
		wd, err := os.Getwd()
		if err != nil {
			return err
		}
		host, err := os.Hostname()
		if err != nil {
			return err
		}
		u, err := user.Current()
		if err != nil {
			return err
		}
		return errors.Join(
			want(wd == "/", "wd %q", wd), want(host != "", "hostname empty"),
			want(os.Getpid() == 1 && os.Getppid() == 0, "pid %d ppid %d", os.Getpid(), os.Getppid()),
			want(os.Getuid() == 0 && os.Geteuid() == 0 && os.Getgid() == 0, "not root"),
			want(u.Uid == "0" && u.HomeDir != "", "user %+v", u),
			want(os.Getpagesize() == 4096, "page size %d", os.Getpagesize()),
		)
	}())
	fmt.Println("PASS all")
}

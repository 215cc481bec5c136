// signals checks the signals a xen guest sends itself: os/signal gets
// those it asked for, an ignored one is dropped, and one whose default
// action ends a Go program ends this one, with status 128+15 for SIGTERM.
package main

import (
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func check(name string, err error) {
	if err != nil {
		fmt.Printf("FAIL %s: %v\n", name, err)
		os.Exit(1)
	}
	fmt.Printf("PASS %s\n", name)
}

func is(err, target error) error {
	if !errors.Is(err, target) {
		return fmt.Errorf("got error %v, want %v", err, target)
	}
	return nil
}

func receive(c <-chan os.Signal, want os.Signal) error {
	select {
	case got := <-c:
		if got != want {
			return fmt.Errorf("received %v, want %v", got, want)
		}
		return nil
	case <-time.After(5 * time.Second):
		return fmt.Errorf("no %v within 5s", want)
	}
}

func main() {
	check("exists", syscall.Kill(os.Getpid(), 0))
	check("other-process", is(syscall.Kill(os.Getpid()+1, syscall.SIGTERM), syscall.ESRCH))
	check("bad-signal", is(syscall.Kill(0, syscall.Signal(99)), syscall.EINVAL))

	c := make(chan os.Signal, 4)
	signal.Notify(c, syscall.SIGUSR1, os.Interrupt)
	check("notify", func() error {
		if err := syscall.Kill(os.Getpid(), syscall.SIGUSR1); err != nil {
			return err
		}
		return receive(c, syscall.SIGUSR1)
	}())
	check("process-signal", func() error {
		p, err := os.FindProcess(os.Getpid())
		if err != nil {
			return err
		}
		if err := p.Signal(os.Interrupt); err != nil {
			return err
		}
		return receive(c, os.Interrupt)
	}())
	signal.Stop(c)
	check("dropped-when-stopped", func() error {
		// SIGUSR1 does nothing to a Go program that does not ask for it.
		if err := syscall.Kill(os.Getpid(), syscall.SIGUSR1); err != nil {
			return err
		}
		select {
		case s := <-c:
			return fmt.Errorf("received %v after Stop", s)
		case <-time.After(100 * time.Millisecond):
			return nil
		}
	}())
	check("ignored", func() error {
		signal.Ignore(syscall.SIGTERM)
		if !signal.Ignored(syscall.SIGTERM) {
			return errors.New("SIGTERM not reported ignored")
		}
		return syscall.Kill(os.Getpid(), syscall.SIGTERM) // survives
	}())
	// Reset does not undo Ignore, on Linux neither; Notify does.
	signal.Notify(c, syscall.SIGTERM)
	signal.Stop(c)
	fmt.Println("PASS all")
	// The default action: the program ends here.
	syscall.Kill(os.Getpid(), syscall.SIGTERM)
	fmt.Println("FAIL default-action: still running after SIGTERM")
	os.Exit(1)
}

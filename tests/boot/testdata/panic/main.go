// panic dies of an unrecovered panic.
package main

func main() {
	go func() { select {} }()
	panic("boom")
}

// nilpanic dies of an unrecovered nil dereference.
package main

type T struct{ x int }

var p *T

func main() { println(p.x) }

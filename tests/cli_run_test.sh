#!/bin/sh
# hearth-cli run/bench on a synthesised tiny model: greedy JSON output is deterministic and well-formed, the
# context limit is reported, a prompt longer than the context is refused with by how much, bad flags exit 2.
set -eu
cli="$1"; dir="$2"
mkdir -p "$dir"
"$cli" model synth --preset tiny --quant q8_0 --seed 9 -o "$dir/tiny.gguf" > /dev/null
a=$("$cli" run -m "$dir/tiny.gguf" -p "The quick brown fox" -n 24 --greedy --json)
b=$("$cli" run -m "$dir/tiny.gguf" -p "The quick brown fox" -n 24 --greedy --json)
# Everything but the timings must be identical.
strip() { grep -v "tokens_per_second"; }
[ "$(echo "$a" | strip)" = "$(echo "$b" | strip)" ] || { echo "greedy runs differ"; exit 1; }
echo "$a" | grep -q '"stop_reason": "max_tokens"' || { echo "no max_tokens stop: $a"; exit 1; }
echo "$a" | grep -qE '"logits_fingerprint": "[0-9a-f]{16}"' || { echo "no fingerprint"; exit 1; }
c=$("$cli" run -m "$dir/tiny.gguf" -p "The quick brown fox" -n 50 --greedy --json --ctx 20)
echo "$c" | grep -q '"stop_reason": "context_full"' || { echo "context limit not reported: $c"; exit 1; }
if "$cli" run -m "$dir/tiny.gguf" -p "$(printf 'word %.0s' $(seq 1 40))" --ctx 8 2> "$dir/err.txt"; then
  echo "an overlong prompt was accepted"; exit 1
fi
grep -q "too many" "$dir/err.txt" || { echo "overflow message does not say by how much:"; cat "$dir/err.txt"; exit 1; }
set +e
"$cli" run -m "$dir/tiny.gguf" --bogus 2> /dev/null
[ $? -eq 2 ] || { echo "bad flag did not exit 2"; exit 1; }
set -e
bench=$("$cli" bench -m "$dir/tiny.gguf" -p 16 -n 4 --depth 0,32 --backend cpu --json)
for want in '"test": "pp"' '"test": "tg"' '"depth": 32' '"backend": "CPU"' '"pattern": "MEM\*EM\*E"'; do
  echo "$bench" | grep -q "$want" || { echo "bench JSON lacks $want: $bench"; exit 1; }
done
[ "$(echo "$bench" | grep -c '"tok_s"')" -eq 3 ] || { echo "bench JSON: expected 3 rows: $bench"; exit 1; }
echo "1 passed, 0 failed"

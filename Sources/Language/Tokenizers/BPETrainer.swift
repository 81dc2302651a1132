// Training a BPE vocabulary the way Hugging Face's BpeTrainer does (models/bpe/trainer.rs), so the same corpus
// gives the same vocabulary and merges:
//  1. words = the pre-tokenizer's pieces (byte-level: GPT-2 regex, bytes mapped to characters), counted;
//  2. special tokens get the first ids, then the alphabet (the corpus's characters plus the 256 byte
//     characters), sorted by code point;
//  3. pair counts over all words (weighted by word count), with the set of words each pair occurs in;
//  4. a max-heap of (count, pair) — ties broken by the SMALLER (left id, right id) — popped lazily: an entry
//     whose count is stale is pushed back with the current count; the loop stops at vocab_size, on an empty
//     heap, or when the best count is below min_frequency;
//  5. a merge rewrites every listed word left to right (Word::merge) and reports the pair-count changes, which
//     update the counts; pairs that gained occurrences are pushed again.

struct BPETrainerCore {
    let vocabularySize: Int
    let minFrequency: Int
    let specialTokens: [String]

    struct Result {
        var idToWord: [String]
        var merges: [(Int, Int)]
    }

    /// Trains on counted words (each word a list of characters' strings, e.g. byte-level mapped characters).
    func train(wordCounts: [[UInt8]: Int], initialAlphabet: [String]) -> Result {
        var idToWord: [String] = []
        var wordToId: [String: Int] = [:]
        func add(_ s: String) {
            if wordToId[s] == nil { wordToId[s] = idToWord.count; idToWord.append(s) }
        }
        for s in specialTokens { add(s) }
        // Alphabet: every character seen plus the initial alphabet, sorted by code point.
        var alphabet = Set<UInt32>()
        let words = Array(wordCounts)
        for (w, _) in words { for s in String(decoding: w, as: UTF8.self).unicodeScalars { alphabet.insert(s.value) } }
        for s in initialAlphabet { for u in s.unicodeScalars { alphabet.insert(u.value) } }
        for v in alphabet.sorted() { add(String(Unicode.Scalar(v)!)) }

        var symbols: [[Int]] = words.map { w in
            String(decoding: w.0, as: UTF8.self).unicodeScalars.compactMap { wordToId[String($0)] }
        }
        let counts = words.map(\.1)

        var pairCounts: [UInt64: Int] = [:]
        var whereToUpdate: [UInt64: Set<Int>] = [:]
        for (i, s) in symbols.enumerated() where s.count > 1 {
            for k in 0..<(s.count - 1) {
                let p = key(s[k], s[k + 1])
                pairCounts[p, default: 0] += counts[i]
                whereToUpdate[p, default: []].insert(i)
            }
        }
        var heap = MergeHeap()
        for (p, pos) in whereToUpdate where pairCounts[p]! > 0 { heap.push(.init(pair: p, count: pairCounts[p]!, pos: pos)) }
        whereToUpdate.removeAll()

        var merges: [(Int, Int)] = []
        while wordToId.count < vocabularySize, var top = heap.pop() {
            let current = pairCounts[top.pair] ?? 0
            if top.count != current {
                top.count = current
                heap.push(top)
                continue
            }
            if top.count < 1 || minFrequency > top.count { break }
            let a = Int(top.pair >> 32), b = Int(top.pair & 0xFFFF_FFFF)
            let newToken = idToWord[a] + idToWord[b]
            let newId = wordToId[newToken] ?? idToWord.count
            add(newToken)
            merges.append((a, b))
            for i in top.pos {
                for (p, change) in mergeWord(&symbols[i], a, b, newId) {
                    pairCounts[p, default: 0] += change * counts[i]
                    if change > 0 { whereToUpdate[p, default: []].insert(i) }
                }
            }
            for (p, pos) in whereToUpdate where (pairCounts[p] ?? 0) > 0 {
                heap.push(.init(pair: p, count: pairCounts[p]!, pos: pos))
            }
            whereToUpdate.removeAll(keepingCapacity: true)
        }
        return Result(idToWord: idToWord, merges: merges)
    }

    private func key(_ a: Int, _ b: Int) -> UInt64 { UInt64(UInt32(a)) << 32 | UInt64(UInt32(b)) }

    /// HF's Word::merge: replaces each (a, b), left to right, and returns the pair-count changes.
    private func mergeWord(_ s: inout [Int], _ a: Int, _ b: Int, _ replacement: Int) -> [(UInt64, Int)] {
        var changes: [(UInt64, Int)] = []
        var i = 0
        while i < s.count {
            if s[i] == a && i + 1 < s.count && s[i + 1] == b {
                if i > 0 {
                    changes.append((key(s[i - 1], a), -1))
                    changes.append((key(s[i - 1], replacement), 1))
                }
                s[i] = replacement
                s.remove(at: i + 1)
                if i < s.count - 1 {
                    changes.append((key(b, s[i + 1]), -1))
                    changes.append((key(replacement, s[i + 1]), 1))
                }
            }
            i += 1
        }
        return changes
    }
}

/// A binary max-heap of merge candidates: higher count first, then the smaller pair.
struct MergeHeap {
    struct Entry {
        var pair: UInt64
        var count: Int
        var pos: Set<Int>
    }

    private var items: [Entry] = []

    private func above(_ x: Entry, _ y: Entry) -> Bool {
        x.count != y.count ? x.count > y.count : x.pair < y.pair
    }

    mutating func push(_ e: Entry) {
        items.append(e)
        var c = items.count - 1
        while c > 0 {
            let parent = (c - 1) / 2
            guard above(items[c], items[parent]) else { break }
            items.swapAt(c, parent)
            c = parent
        }
    }

    mutating func pop() -> Entry? {
        guard !items.isEmpty else { return nil }
        items.swapAt(0, items.count - 1)
        let top = items.removeLast()
        var p = 0
        while true {
            let l = 2 * p + 1, r = l + 1
            var best = p
            if l < items.count && above(items[l], items[best]) { best = l }
            if r < items.count && above(items[r], items[best]) { best = r }
            if best == p { break }
            items.swapAt(p, best)
            p = best
        }
        return top
    }
}

//! The description tokenizer: exactly the words of `sourcer_core::text::words`, so a phrase
//! query over description tokens agrees with the evaluator's word keys ("c#", ".net" and
//! "node.js" are single words). Registered on every opened index under [`WORDS`].

use sourcer_core::text::words;
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// The registered name.
pub(crate) const WORDS: &str = "sourcer_words";

#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct WordsTokenizer;

pub(crate) struct WordsStream {
    words: std::vec::IntoIter<String>,
    token: Token,
    next_position: usize,
}

impl Tokenizer for WordsTokenizer {
    type TokenStream<'a> = WordsStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordsStream {
        WordsStream {
            words: words(text).into_iter(),
            token: Token::default(),
            next_position: 0,
        }
    }
}

impl TokenStream for WordsStream {
    fn advance(&mut self) -> bool {
        let Some(word) = self.words.next() else {
            return false;
        };
        self.token = Token {
            offset_from: 0,
            offset_to: 0,
            position: self.next_position,
            text: word,
            position_length: 1,
        };
        self.next_position += 1;
        true
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_the_core_words_with_consecutive_positions() {
        let mut tokenizer = WordsTokenizer;
        let mut stream = tokenizer.token_stream("Built C# & .NET tools; Node.js!");
        let mut seen = Vec::new();
        while let Some(t) = stream.next() {
            seen.push((t.text.clone(), t.position));
        }
        let expected: Vec<(String, usize)> = words("Built C# & .NET tools; Node.js!")
            .into_iter()
            .enumerate()
            .map(|(i, w)| (w, i))
            .collect();
        assert_eq!(seen, expected);
    }
}

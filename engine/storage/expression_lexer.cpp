#include "storage/expression_lexer.hpp"

namespace ddbsim::storage {
namespace {

bool is_name_start(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool is_name_char(char c) {
    return is_name_start(c) || (c >= '0' && c <= '9');
}

}  // namespace

Result<std::vector<Token>> tokenize(std::string_view text, std::string_view expression_name) {
    std::vector<Token> out;
    std::size_t i = 0;
    auto push = [&](Token::Kind kind, std::size_t len) {
        out.push_back(Token{kind, text.substr(i, len), i});
        i += len;
    };
    while (i < text.size()) {
        const char c = text[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            ++i;
            continue;
        }
        if (is_name_start(c)) {
            std::size_t j = i + 1;
            while (j < text.size() && is_name_char(text[j]))
                ++j;
            push(Token::Kind::kIdentifier, j - i);
        } else if (c == '#' || c == ':') {
            std::size_t j = i + 1;
            while (j < text.size() && is_name_char(text[j]))
                ++j;
            if (j == i + 1) {
                return Error::validation("Invalid " + std::string(expression_name) +
                                             ": Syntax error; token: \"" + std::string(1, c) +
                                             "\", near: \"" + std::string(text.substr(i, 3)) + "\"",
                                         "offset " + std::to_string(i));
            }
            push(c == '#' ? Token::Kind::kNamePlaceholder : Token::Kind::kValuePlaceholder, j - i);
        } else if (c >= '0' && c <= '9') {
            std::size_t j = i + 1;
            while (j < text.size() && text[j] >= '0' && text[j] <= '9')
                ++j;
            push(Token::Kind::kNumber, j - i);
        } else if (c == '<') {
            if (i + 1 < text.size() && text[i + 1] == '=')
                push(Token::Kind::kLe, 2);
            else if (i + 1 < text.size() && text[i + 1] == '>')
                push(Token::Kind::kNe, 2);
            else
                push(Token::Kind::kLt, 1);
        } else if (c == '>') {
            if (i + 1 < text.size() && text[i + 1] == '=')
                push(Token::Kind::kGe, 2);
            else
                push(Token::Kind::kGt, 1);
        } else {
            Token::Kind kind;
            switch (c) {
                case '(':
                    kind = Token::Kind::kLParen;
                    break;
                case ')':
                    kind = Token::Kind::kRParen;
                    break;
                case '[':
                    kind = Token::Kind::kLBracket;
                    break;
                case ']':
                    kind = Token::Kind::kRBracket;
                    break;
                case ',':
                    kind = Token::Kind::kComma;
                    break;
                case '.':
                    kind = Token::Kind::kDot;
                    break;
                case '=':
                    kind = Token::Kind::kEq;
                    break;
                case '+':
                    kind = Token::Kind::kPlus;
                    break;
                case '-':
                    kind = Token::Kind::kMinus;
                    break;
                default: {
                    // Report the whole UTF-8 character, not one byte of it.
                    std::size_t len = 1;
                    const auto u = static_cast<unsigned char>(c);
                    if (u >= 0xF0)
                        len = 4;
                    else if (u >= 0xE0)
                        len = 3;
                    else if (u >= 0xC0)
                        len = 2;
                    return Error::validation("Invalid " + std::string(expression_name) +
                                                 ": Invalid character encountered; character: \"" +
                                                 std::string(text.substr(i, len)) + "\"",
                                             "offset " + std::to_string(i));
                }
            }
            push(kind, 1);
        }
    }
    out.push_back(Token{Token::Kind::kEnd, text.substr(text.size()), text.size()});
    return out;
}

}  // namespace ddbsim::storage

#include "sql/classify.h"

#include "sql/tokenizer.h"

namespace flowstate::core::sql {
namespace {

using K = StatementKind;

// Reads a possibly qualified name (a.b.`c`) and records it on the statement.
void ReadName(Tokenizer& tz, Statement* s) {
  Token t = tz.Next();
  if (t.type != TokenType::kWord && t.type != TokenType::kQuotedIdentifier &&
      t.type != TokenType::kString && t.type != TokenType::kVariable) {
    tz.Seek(t.begin);
    return;
  }
  size_t begin = t.begin, end = t.end;
  for (;;) {
    Token dot = tz.Peek();
    if (!tz.IsPunct(dot, '.')) break;
    tz.Next();
    Token part = tz.Next();
    if (part.type != TokenType::kWord && part.type != TokenType::kQuotedIdentifier &&
        part.type != TokenType::kVariable) {
      tz.Seek(dot.begin);
      break;
    }
    end = part.end;
  }
  s->name_offset = static_cast<uint32_t>(begin - s->begin);
  s->name_length = static_cast<uint32_t>(end - begin);
}

// TEMPORARY [SYSTEM]
Token ReadTemporary(Tokenizer& tz, Token t, Statement* s) {
  if (tz.Is(t, "TEMPORARY")) {
    s->flags |= kFlagTemporary;
    t = tz.Next();
    if (tz.Is(t, "SYSTEM")) {
      s->flags |= kFlagTemporarySystem;
      t = tz.Next();
    }
  }
  return t;
}

// IF [NOT] EXISTS, then the name.
void ReadIfExistsAndName(Tokenizer& tz, Statement* s) {
  Token t = tz.Peek();
  if (tz.Is(t, "IF")) {
    tz.Next();
    Token n = tz.Next();
    if (tz.Is(n, "NOT")) {
      tz.Next();  // EXISTS
      s->flags |= kFlagIfNotExists;
    } else {
      s->flags |= kFlagIfExists;
    }
  }
  ReadName(tz, s);
}

// CREATE TABLE name [(...)] [COMMENT ..] [PARTITIONED BY (..)] [WITH (..)] [LIKE ..|AS ..]
void ReadTableTail(Tokenizer& tz, Statement* s) {
  for (;;) {
    Token t = tz.Next();
    if (t.type == TokenType::kEnd) return;
    if (tz.IsPunct(t, '(')) {
      if (!tz.SkipParenthesized()) return;
    } else if (tz.Is(t, "AS")) {
      s->flags |= kFlagAsSelect;
      return;
    } else if (tz.Is(t, "LIKE")) {
      s->flags |= kFlagLike;
      return;
    }
  }
}

// The object keyword after CREATE/DROP/ALTER; `t` is the token after the modifiers.
bool ObjectKind(Tokenizer& tz, Token t, K catalog, K database, K table, K view, K function, K model,
                K materialized, K* out) {
  if (tz.Is(t, "CATALOG")) {
    *out = catalog;
  } else if (tz.Is(t, "DATABASE") || tz.Is(t, "SCHEMA")) {
    *out = database;
  } else if (tz.Is(t, "TABLE")) {
    *out = table;
  } else if (tz.Is(t, "VIEW")) {
    *out = view;
  } else if (tz.Is(t, "FUNCTION")) {
    *out = function;
  } else if (tz.Is(t, "MODEL")) {
    *out = model;
  } else if (tz.Is(t, "MATERIALIZED")) {
    Token n = tz.Next();
    if (!tz.Is(n, "TABLE")) return false;
    *out = materialized;
  } else {
    return false;
  }
  return true;
}

void ClassifyCreate(Tokenizer& tz, Statement* s) {
  Token t = tz.Next();
  if (tz.Is(t, "OR")) {
    Token r = tz.Next();
    if (tz.Is(r, "ALTER")) {
      // CREATE OR ALTER MATERIALIZED TABLE (Flink 2.2+): creates it or changes its query.
      Token m = tz.Next();
      if (!tz.Is(m, "MATERIALIZED") || !tz.Is(tz.Peek(), "TABLE")) return;
      tz.Next();
      s->kind = K::kCreateMaterializedTable;
      ReadIfExistsAndName(tz, s);
      return;
    }
    if (!tz.Is(r, "REPLACE")) return;
    s->flags |= kFlagOrReplace;
    t = tz.Next();
  }
  if (tz.Is(t, "TEMPORAL")) {  // Dinky: CREATE TEMPORAL [TEMPORARY [SYSTEM]] FUNCTION
    t = ReadTemporary(tz, tz.Next(), s);
    if (!tz.Is(t, "FUNCTION")) return;
    s->kind = K::kCreateTemporalFunction;
    ReadIfExistsAndName(tz, s);
    return;
  }
  if (tz.Is(t, "AGGTABLE")) {  // Dinky: CREATE AGGTABLE name AS SELECT ...
    s->kind = K::kCreateAggTable;
    ReadName(tz, s);
    return;
  }
  t = ReadTemporary(tz, t, s);
  K kind;
  if (!ObjectKind(tz, t, K::kCreateCatalog, K::kCreateDatabase, K::kCreateTable, K::kCreateView,
                  K::kCreateFunction, K::kCreateModel, K::kCreateMaterializedTable, &kind)) {
    return;
  }
  s->kind = kind;
  ReadIfExistsAndName(tz, s);
  if (kind == K::kCreateTable) ReadTableTail(tz, s);
}

void ClassifyDropOrAlter(Tokenizer& tz, Statement* s, bool drop) {
  Token t = ReadTemporary(tz, tz.Next(), s);
  K kind;
  bool ok =
      drop ? ObjectKind(tz, t, K::kDropCatalog, K::kDropDatabase, K::kDropTable, K::kDropView,
                        K::kDropFunction, K::kDropModel, K::kDropMaterializedTable, &kind)
           : ObjectKind(tz, t, K::kAlterCatalog, K::kAlterDatabase, K::kAlterTable, K::kAlterView,
                        K::kAlterFunction, K::kAlterModel, K::kAlterMaterializedTable, &kind);
  if (!ok) return;
  s->kind = kind;
  ReadIfExistsAndName(tz, s);
}

void ClassifyInsert(Tokenizer& tz, Statement* s) {
  Token t = tz.Next();
  if (tz.Is(t, "OVERWRITE")) {
    s->flags |= kFlagOverwrite;
  } else if (!tz.Is(t, "INTO")) {
    return;
  }
  s->kind = K::kInsert;
  ReadName(tz, s);
}

void ClassifyExecute(Tokenizer& tz, Statement* s) {
  Token t = tz.Next();
  if (tz.Is(t, "INSERT")) {
    s->flags |= kFlagExecute;
    ClassifyInsert(tz, s);
  } else if (tz.Is(t, "STATEMENT")) {
    if (tz.Is(tz.Next(), "SET")) {
      s->kind = K::kStatementSet;
      s->flags |= kFlagExecute;
    }
  } else if (tz.Is(t, "CDCSOURCE")) {
    s->kind = K::kExecuteCdcSource;
    ReadName(tz, s);
  } else if (tz.Is(t, "JAR")) {
    s->kind = K::kExecuteJar;
  } else if (tz.Is(t, "PIPELINE")) {
    s->kind = K::kExecutePipeline;
  } else if (tz.Is(t, "PLAN")) {  // EXECUTE PLAN 'file' (1.15+)
    s->kind = K::kExecutePlan;
    ReadName(tz, s);
  } else if (tz.Is(t, "SELECT") || tz.Is(t, "WITH") || tz.Is(t, "VALUES")) {
    s->kind = tz.Is(t, "VALUES") ? K::kValues : K::kSelect;
    s->flags |= kFlagExecute;
  }
}

void ClassifyExplain(Tokenizer& tz, Statement* s) {
  s->kind = K::kExplain;
  // EXPLAIN [PLAN FOR | detail, ...] ([EXECUTE] STATEMENT SET BEGIN ... END | statement);
  // EXPLAIN EXECUTE STATEMENT SET is Flink 2.2's spelling (FLIP-528).
  for (int i = 0; i < 16; ++i) {
    Token t = tz.Next();
    if (t.type == TokenType::kEnd) return;
    if (tz.Is(t, "EXECUTE") && tz.Is(tz.Peek(), "STATEMENT")) {
      s->flags |= kFlagExecute;
      continue;
    }
    if (tz.Is(t, "STATEMENT") && tz.Is(tz.Peek(), "SET")) {
      s->flags |= kFlagStatementSet;
      return;
    }
    if (tz.Is(t, "SELECT") || tz.Is(t, "INSERT") || tz.Is(t, "WITH") || tz.Is(t, "EXECUTE")) {
      return;
    }
  }
}

// COMPILE PLAN 'file' [IF NOT EXISTS] FOR <INSERT | STATEMENT SET>, COMPILE AND EXECUTE PLAN
// 'file' FOR ... (1.15+); the name is the plan file.
void ClassifyCompile(Tokenizer& tz, Statement* s) {
  Token t = tz.Next();
  K kind = K::kCompilePlan;
  if (tz.Is(t, "AND")) {
    if (!tz.Is(tz.Next(), "EXECUTE")) return;
    kind = K::kCompileAndExecutePlan;
    t = tz.Next();
  }
  if (!tz.Is(t, "PLAN")) return;
  s->kind = kind;
  ReadName(tz, s);
  for (;;) {
    Token n = tz.Next();
    if (n.type == TokenType::kEnd) return;
    if (tz.Is(n, "NOT")) s->flags |= kFlagIfNotExists;
    if (tz.Is(n, "FOR")) {
      // FOR STATEMENT SET BEGIN ... END: a unit, as EXECUTE STATEMENT SET.
      if (tz.Is(tz.Next(), "STATEMENT") && tz.Is(tz.Peek(), "SET")) s->flags |= kFlagStatementSet;
      return;
    }
  }
}

// REPLACE TABLE name [(...)] [WITH (...)] AS SELECT ... (1.18+, FLIP-303).
void ClassifyReplace(Tokenizer& tz, Statement* s) {
  if (!tz.Is(tz.Next(), "TABLE")) return;
  s->kind = K::kReplaceTable;
  ReadName(tz, s);
  ReadTableTail(tz, s);
}

void ClassifyStopJob(Tokenizer& tz, Statement* s) {
  if (!tz.Is(tz.Next(), "JOB")) return;
  s->kind = K::kStopJob;
  ReadName(tz, s);  // the job id string
  for (;;) {
    Token t = tz.Next();
    if (t.type == TokenType::kEnd) return;
    if (tz.Is(t, "SAVEPOINT")) s->flags |= kFlagWithSavepoint;
    if (tz.Is(t, "DRAIN")) s->flags |= kFlagWithDrain;
  }
}

}  // namespace

void Classify(std::string_view text, Statement* s) {
  Tokenizer tz(text, s->begin, s->end);
  s->kind = K::kUnknown;
  Token first = tz.Next();
  if (tz.IsPunct(first, '(')) {
    // A parenthesised query, perhaps the first of a set operation: (SELECT ...) UNION (...).
    Token t = first;
    for (int depth = 0; tz.IsPunct(t, '(') && depth < 64; ++depth) t = tz.Next();
    if (tz.Is(t, "SELECT") || tz.Is(t, "WITH") || tz.Is(t, "VALUES")) {
      s->kind = tz.Is(t, "VALUES") ? K::kValues : K::kSelect;
      if (tz.Is(t, "WITH")) s->flags |= kFlagWithQuery;
    }
    return;
  }
  if (first.type != TokenType::kWord) return;
  const std::string_view w = tz.TextOf(first);
  auto is = [&](std::string_view k) { return tz.Is(first, k); };
  // Dispatch on the first letter keeps this a handful of comparisons per statement.
  switch (w[0] | 0x20) {
    case 'a':
      if (is("ALTER")) {
        ClassifyDropOrAlter(tz, s, false);
      } else if (is("ADD")) {
        Token t = tz.Next();
        if (tz.Is(t, "JAR"))
          s->kind = K::kAddJar;
        else if (tz.Is(t, "CUSTOMJAR"))
          s->kind = K::kAddCustomJar;
        else if (tz.Is(t, "FILE"))
          s->kind = K::kAddFile;
      } else if (is("ANALYZE")) {
        s->kind = K::kAnalyze;
        if (tz.Is(tz.Next(), "TABLE")) ReadName(tz, s);
      }
      break;
    case 'b':
      if (is("BEGIN")) {
        if (tz.Is(tz.Next(), "STATEMENT") && tz.Is(tz.Next(), "SET")) {
          s->kind = K::kBeginStatementSet;
        }
      }
      break;
    case 'c':
      if (is("CREATE")) {
        ClassifyCreate(tz, s);
      } else if (is("CALL")) {
        s->kind = K::kCall;
        ReadName(tz, s);
      } else if (is("COMPILE")) {
        ClassifyCompile(tz, s);
      } else if (is("CLEAR") &&
                 tz.Next().type == TokenType::kEnd) {  // SQL client: clears the screen
        s->kind = K::kClear;
      }
      break;
    case 'd':
      if (is("DROP")) {
        ClassifyDropOrAlter(tz, s, true);
      } else if (is("DESCRIBE") || is("DESC")) {
        if (tz.Is(tz.Peek(), "JOB")) {
          tz.Next();
          s->kind = K::kDescribeJob;
        } else {
          s->kind = K::kDescribe;
          // DESCRIBE [CATALOG | FUNCTION | MODEL | DATABASE] [EXTENDED] name: the object's
          // name, not the keyword (a table called `catalog` is DESCRIBE catalog alone).
          Token object = tz.Peek();
          if (tz.Is(object, "CATALOG") || tz.Is(object, "FUNCTION") || tz.Is(object, "MODEL") ||
              tz.Is(object, "DATABASE") || tz.Is(object, "SCHEMA")) {
            tz.Next();
            Token after = tz.Peek();
            if (after.type == TokenType::kEnd) tz.Seek(object.begin);
          }
          if (tz.Is(tz.Peek(), "EXTENDED")) tz.Next();
        }
        ReadName(tz, s);
      } else if (is("DELETE")) {
        s->kind = K::kDelete;
        if (tz.Is(tz.Next(), "FROM")) ReadName(tz, s);
      }
      break;
    case 'e':
      if (is("EXECUTE")) {
        ClassifyExecute(tz, s);
      } else if (is("EXPLAIN")) {
        ClassifyExplain(tz, s);
      } else if (is("END") && tz.Next().type == TokenType::kEnd) {
        s->kind = K::kEnd;
      } else if (is("EXIT") && tz.Next().type == TokenType::kEnd) {  // SQL client: as QUIT
        s->kind = K::kQuit;
      }
      break;
    case 'h':
      if (is("HELP") && tz.Next().type == TokenType::kEnd) s->kind = K::kHelp;  // SQL client
      break;
    case 'i':
      if (is("INSERT")) ClassifyInsert(tz, s);
      break;
    case 'l':
      if (is("LOAD") && tz.Is(tz.Next(), "MODULE")) {
        s->kind = K::kLoadModule;
        ReadName(tz, s);
      }
      break;
    case 'p':
      if (is("PRINT")) {
        s->kind = K::kPrint;
        ReadName(tz, s);
      }
      break;
    case 'q':
      if (is("QUIT") && tz.Next().type == TokenType::kEnd) s->kind = K::kQuit;  // SQL client
      break;
    case 'r':
      if (is("REPLACE")) {
        ClassifyReplace(tz, s);
      } else if (is("RESET")) {
        s->kind = K::kReset;
      } else if (is("REMOVE") && tz.Is(tz.Next(), "JAR")) {
        s->kind = K::kRemoveJar;
      }
      break;
    case 's':
      if (is("SET")) {
        s->kind = K::kSet;
      } else if (is("SELECT")) {
        s->kind = K::kSelect;
      } else if (is("SHOW")) {
        Token t = tz.Next();
        if (tz.Is(t, "JARS")) {
          s->kind = K::kShowJars;
        } else if (tz.Is(t, "JOBS")) {
          s->kind = K::kShowJobs;
        } else {
          s->kind = K::kShow;
          Token object = tz.Peek();
          if (tz.Is(t, "CREATE") && (tz.Is(object, "TABLE") || tz.Is(object, "VIEW") ||
                                     tz.Is(object, "CATALOG") || tz.Is(object, "MODEL") ||
                                     tz.Is(object, "FUNCTION") || tz.Is(object, "MATERIALIZED"))) {
            // SHOW CREATE TABLE | VIEW | ... name: the name is the object's.
            tz.Next();
            if (tz.Is(object, "MATERIALIZED") && tz.Is(tz.Peek(), "TABLE")) tz.Next();
            ReadName(tz, s);
          } else if (t.type == TokenType::kWord) {
            s->name_offset = static_cast<uint32_t>(t.begin - s->begin);
            s->name_length = static_cast<uint32_t>(t.size());
          }
        }
      } else if (is("STOP")) {
        ClassifyStopJob(tz, s);
      }
      break;
    case 't':
      if (is("TRUNCATE")) {
        s->kind = K::kTruncate;
        if (tz.Is(tz.Next(), "TABLE")) ReadName(tz, s);
      }
      break;
    case 'u':
      if (is("USE")) {
        Token t = tz.Peek();
        if (tz.Is(t, "CATALOG")) {
          tz.Next();
          s->kind = K::kUseCatalog;
        } else if (tz.Is(t, "MODULES")) {
          tz.Next();
          s->kind = K::kUseModules;
        } else {
          s->kind = K::kUse;
        }
        ReadName(tz, s);
      } else if (is("UPDATE")) {
        s->kind = K::kUpdate;
        ReadName(tz, s);
      } else if (is("UNLOAD") && tz.Is(tz.Next(), "MODULE")) {
        s->kind = K::kUnloadModule;
        ReadName(tz, s);
      }
      break;
    case 'v':
      if (is("VALUES")) s->kind = K::kValues;
      break;
    case 'w':
      if (is("WITH")) {
        s->kind = K::kSelect;
        s->flags |= kFlagWithQuery;
      }
      break;
    default:
      break;
  }
  if (s->kind == K::kUnknown) {
    // Dinky's variable definition: name := value
    Tokenizer v(text, s->begin, s->end);
    Token name = v.Next();
    if (name.type == TokenType::kWord && v.Next().type == TokenType::kAssign) {
      s->kind = K::kVariable;
      s->name_offset = 0;
      s->name_length = static_cast<uint32_t>(name.size());
    }
  }
}

size_t StatementSetBodyStart(std::string_view text, const Statement& s) {
  const bool unit =
      s.kind == K::kExplain || s.kind == K::kCompilePlan || s.kind == K::kCompileAndExecutePlan;
  if (!(s.kind == K::kStatementSet || (unit && s.has(kFlagStatementSet)))) {
    return 0;
  }
  Tokenizer tz(text, s.begin, s.end);
  for (;;) {
    Token t = tz.Next();
    if (t.type == TokenType::kEnd) return 0;
    if (tz.Is(t, "BEGIN")) return t.end;
  }
}

}  // namespace flowstate::core::sql

<?php

declare(strict_types=1);

namespace Vtws\Tests\Registry;

/**
 * Vtiger's PearDatabase API ($adb) over a real PDO connection, as far as the registry uses
 * it: pquery() returns a result or false (errors are logged, not thrown, as with
 * dieOnError off), results are read with num_rows() and fetch_array() (HTML-escaped,
 * lower-case keys), and the ADOdb connection in $database reports ErrorMsg(), ErrorNo()
 * and, on its mysqli link, the SQLSTATE.
 */
class LegacyPearDatabaseDouble
{
    /** The ADOdb connection PearDatabase keeps in $adb->database. */
    public AdodbConnectionDouble $database;
    /** Called with each statement before it runs (to disturb the connection from a test). */
    public ?\Closure $beforeQuery = null;
    /** @var list<string> every statement pquery() was given */
    public array $statements = [];

    public function __construct(public readonly \PDO $pdo)
    {
        $pdo->setAttribute(\PDO::ATTR_ERRMODE, \PDO::ERRMODE_SILENT);
        $this->database = new AdodbConnectionDouble();
    }

    public function pquery($sql, $params = [], $dieOnError = false, $msg = '')
    {
        $this->statements[] = $sql;
        if ($this->beforeQuery !== null) {
            ($this->beforeQuery)($sql);
        }
        $statement = $this->pdo->prepare($sql);
        if ($statement === false || !$statement->execute(array_values((array) $params))) {
            $this->database->failed($statement === false ? $this->pdo->errorInfo() : $statement->errorInfo());
            return false;
        }
        return new RecordSetDouble($statement->columnCount() > 0 ? $statement->fetchAll(\PDO::FETCH_ASSOC) : []);
    }

    public function num_rows(&$result)
    {
        return $result->RecordCount();
    }

    public function fetch_array(&$result)
    {
        $row = $result->FetchRow();
        if (!is_array($row)) {
            return null;
        }
        // PearDatabase passes every value through to_html().
        return array_change_key_case(array_map(static fn ($v) => htmlspecialchars((string) $v, ENT_QUOTES), $row));
    }
}

/** The full PearDatabase: also raw_query_result_rowdata(), which skips the HTML escaping. */
final class PearDatabaseDouble extends LegacyPearDatabaseDouble
{
    public function raw_query_result_rowdata(&$result, $row = 0)
    {
        $result->Move($row);
        $data = $result->FetchRow();
        return is_array($data) ? array_change_key_case($data) : $data;
    }
}

final class AdodbConnectionDouble
{
    /** ADOdb's mysqli driver keeps the mysqli link here; mysqli::$sqlstate has the SQLSTATE. */
    public object $_connectionID;
    private string $message = '';
    private int $number = 0;

    public function __construct()
    {
        $this->_connectionID = new class {
            public string $sqlstate = '00000';
        };
    }

    public function failed(array $errorInfo): void
    {
        $this->_connectionID->sqlstate = (string) ($errorInfo[0] ?? 'HY000');
        $this->number = (int) ($errorInfo[1] ?? 0);
        $this->message = (string) ($errorInfo[2] ?? 'unknown error');
    }

    public function ErrorMsg(): string
    {
        return $this->message;
    }

    public function ErrorNo(): int
    {
        return $this->number;
    }
}

final class RecordSetDouble
{
    private int $position = 0;

    public function __construct(private readonly array $rows)
    {
    }

    public function RecordCount(): int
    {
        return count($this->rows);
    }

    public function Move(int $row): void
    {
        $this->position = $row;
    }

    public function FetchRow(): array|false
    {
        return $this->rows[$this->position++] ?? false;
    }
}

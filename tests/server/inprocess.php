<?php

declare(strict_types=1);

/*
 * In-process entry point of the test server. Required into a PHP process, it defines the
 * global names Vtiger's webservice code defines and Vtws\Client::inProcess() uses
 * (OperationManager, State, Users, WebServiceException, DuplicateException,
 * vtws_getParameter, vtws_getWebserviceEntityId, isFileAccessible, $adb), backed by the
 * same operation table, dispatcher and handlers that answer webservice.php over HTTP.
 *
 * Database: $VTWS_SERVER_DB, default a file of this process in the temp directory,
 * created and seeded on first use. Test controls: Vtws\TestServer\InProcess\Controls.
 */

use Vtws\TestServer\Answer;
use Vtws\TestServer\Context;
use Vtws\TestServer\FatalFailure;
use Vtws\TestServer\InProcess\Adb;
use Vtws\TestServer\OperationManager as Dispatcher;
use Vtws\TestServer\RecordStore;
use Vtws\TestServer\WebRequest;

spl_autoload_register(static function (string $class): void {
    $prefix = 'Vtws\\TestServer\\';
    if (str_starts_with($class, $prefix)) {
        $file = __DIR__ . '/src/' . str_replace('\\', '/', substr($class, strlen($prefix))) . '.php';
        if (is_file($file)) {
            require $file;
        }
    }
});

class_alias(Vtws\TestServer\WebServiceException::class, 'WebServiceException');
class_alias(Vtws\TestServer\DuplicateException::class, 'DuplicateException');

/** Vtiger's include/Webservices/OperationManager.php, over the test server's dispatcher. */
final class OperationManager
{
    private readonly Context $ctx;
    private readonly Dispatcher $dispatcher;
    private readonly array $operation;
    /** Read by the in-process transport, as on Vtiger: where getOperationInput() looks. */
    private readonly string $type;

    public function __construct(private readonly Adb $adb, string $operationName, string $format, ?object $sessionManager)
    {
        $this->ctx = $adb->context();
        $this->dispatcher = new Dispatcher($this->ctx);
        $operation = $this->dispatcher->lookup($operationName);
        if ($operation === null || strtolower($format) !== 'json') {
            throw new WebServiceException('UNKNOWN_OPERATION', 'Unknown operation requested');
        }
        $this->operation = $operation;
        $this->type = (string) $operation['type'];
    }

    public function isPreLoginOperation(): bool
    {
        return (int) $this->operation['prelogin'] === 1;
    }

    /** @return array<string, mixed> the declared parameters by name, fetched and typed like Vtiger does */
    public function sanitizeOperation(array $input): array
    {
        $get = strtoupper($this->type) === 'GET';
        $this->adb->logRequest(new WebRequest($get ? 'GET' : 'POST', '/webservice.php', $get ? $input : [],
            $get ? [] : $input, [], [], ''));
        $id = (int) $this->operation['operationid'];
        try {
            $values = $this->dispatcher->arguments($id, $input);
        } catch (FatalFailure) {
            throw new TypeError('stripslashes(): Argument #1 ($string) must be of type string, array given');
        }
        $statement = $this->adb->pdo->prepare(
            'SELECT name FROM vtiger_ws_operation_parameters WHERE operationid = ? ORDER BY sequence, name'
        );
        $statement->execute([$id]);
        return array_combine($statement->fetchAll(PDO::FETCH_COLUMN), $values);
    }

    /** @return list<string> */
    public function getOperationIncludes(): array
    {
        return [$this->ctx->rootDir . '/' . $this->operation['handler_path']];
    }

    public function runOperation(array $params, ?object $user): mixed
    {
        $row = $user === null ? null : $this->ctx->store->user((int) $user->id);
        try {
            return $this->dispatcher->run($this->operation, array_values($params), $row);
        } catch (FatalFailure) {
            // The stock profile's named-argument mismatch: an Error on PHP 8.
            throw new Error('Unknown named parameter: the handler\'s parameters differ from the registered ones');
        } catch (WebServiceException $e) {
            throw $e;
        } catch (Exception) {
            throw new WebServiceException('INTERNAL_SERVER_ERROR', 'Unknown Error while processing request');
        }
    }

    public function encode(object $state): string
    {
        return $state->success ? Answer::success($state->result)->body : Answer::failure($state->error)->body;
    }
}

/** include/Webservices/State.php */
class State
{
    public mixed $success = false;
    public mixed $result = [];
    public mixed $error = [];
}

/** The slice of modules/Users/Users.php the webservice layer uses. */
class Users
{
    public ?string $id = null;
    public ?string $user_name = null;
    public ?string $is_admin = null;
    public array $column_fields = [];

    public function retrieveCurrentUserInfoFromFile(int|string $userid): self
    {
        global $adb;
        $row = (new RecordStore($adb->pdo))->user((int) $userid);
        if ($row === null) {
            // Vtiger dies on the missing user_privileges file.
            throw new RuntimeException("no user $userid");
        }
        $this->id = (string) $row['id'];
        $this->user_name = $row['user_name'];
        $this->is_admin = $row['is_admin'];
        $this->column_fields = $row['data'];
        return $this;
    }
}

function vtws_getParameter(array $parameterArray, string $paramName, mixed $default = null): mixed
{
    $value = $parameterArray[$paramName] ?? null;
    $param = is_array($value) ? array_map('addslashes', $value) : addslashes((string) $value);
    return $param ?: $default;
}

function vtws_getWebserviceEntityId(string $entityName, int|string $id): string
{
    global $adb;
    $statement = $adb->pdo->prepare('SELECT id FROM vtiger_ws_entity WHERE name = ?');
    $statement->execute([$entityName]);
    return $statement->fetchColumn() . 'x' . $id;
}

/** Vtiger's check that a handler file lies inside the Vtiger root. */
function isFileAccessible(string $filepath): bool
{
    $real = realpath($filepath);
    return $real !== false && str_starts_with($real, __DIR__ . '/');
}

$GLOBALS['adb'] = Adb::open(
    (string) (getenv('VTWS_SERVER_DB') ?: sys_get_temp_dir() . '/vtws-inprocess-' . getmypid() . '.sqlite'),
    __DIR__
);

<?php

declare(strict_types=1);

namespace Vtws\TestServer;

/**
 * webservice.php + OperationManager: operation lookup in vtiger_ws_operation, session
 * handling, parameter fetching by registered type, positional dispatch (the patched
 * server the fixtures were recorded on).
 */
final class OperationManager
{
    public const API_VERSION = '0.22';
    public const PROFILES = ['patched', 'stock'];
    /**
     * Operations whose registered parameter names differ from their handler's PHP
     * parameters in stock 8.0 (doc §0), so PHP 8's named-argument dispatch throws.
     */
    private const STOCK_PHP8_BROKEN = ['logout', 'sync', 'convertlead', 'files_retrieve', 'retrieve_inventory',
        'gettranslation'];
    public const VTIGER_VERSION = '8.0.0';

    public function __construct(private readonly Context $ctx)
    {
    }

    public function handle(): mixed
    {
        $any = $this->ctx->request->any();
        $name = strtolower(self::scalar($any['operation'] ?? ''));
        $source = ExternalOperations::fromMeta($this->ctx->db);
        if ($source !== null && !$source->serves($name)) {
            $source = null;
        }
        $operation = $source === null ? $this->lookup($name) : $source->lookup($name);
        if ($operation === null) {
            // UNKNOWN_OPERATION is thrown before webservice.php's try block.
            throw new FatalFailure();
        }
        $input = $this->ctx->request->inputFor($operation['type']);
        // HTTP_Session2 prefers a PHPSESSID request parameter over sessionName.
        $sessionName = self::sessionName($any['PHPSESSID'] ?? null) ?? self::sessionName($any['sessionName'] ?? null);
        if ($name === 'extendsession') {
            if (!isset($input['operation'])) {
                throw new WebServiceException('AUTHENTICATION_REQUIRED', 'Authencation required');
            }
            // extendsession also adopts the browser's PHPSESSID cookie (a Web UI session).
            $sessionName = self::sessionName($any['PHPSESSID'] ?? null)
                ?? self::sessionName($this->ctx->request->cookies['PHPSESSID'] ?? null)
                ?? $sessionName;
        }
        $user = $this->startSession($sessionName, (int) $operation['prelogin'] === 1);
        $declared = $source === null ? $this->parameters((int) $operation['operationid'])
            : $source->parameters((int) $operation['operationid']);
        $args = $this->namedArguments($declared, $input);
        return $source === null ? $this->run($operation, array_values($args), $user) : $this->runExternal($source, $operation, $args, $user);
    }

    public function lookup(string $name): ?array
    {
        $statement = $this->ctx->db->prepare(
            'SELECT * FROM vtiger_ws_operation WHERE name = ? COLLATE NOCASE ORDER BY operationid LIMIT 1'
        );
        $statement->execute([$name]);
        $row = $statement->fetch();
        return $row === false ? null : $row;
    }

    public function loginInfo(array $user, string $sessionName): array
    {
        $data = $user['data'];
        return [
            'username' => $user['user_name'], 'first_name' => $data['first_name'], 'last_name' => $data['last_name'],
            'email' => $data['email1'], 'time_zone' => $data['time_zone'], 'hour_format' => $data['hour_format'],
            'date_format' => $data['date_format'], 'is_admin' => $user['is_admin'],
            'call_duration' => $data['callduration'], 'other_event_duration' => $data['othereventduration'],
            'sessionName' => $sessionName, 'userId' => '19x' . $user['id'],
            'version' => self::API_VERSION, 'vtigerVersion' => self::VTIGER_VERSION,
        ];
    }

    private function startSession(?string $sessionName, bool $prelogin): ?array
    {
        if ($sessionName === null) {
            if (!$prelogin) {
                throw new WebServiceException('AUTHENTICATION_REQUIRED', 'Authencation required');
            }
            return null;
        }
        $userId = $this->ctx->sessions->userOf($sessionName);
        if ($userId === null) {
            throw new WebServiceException('INVALID_SESSIONID', 'Session Identifier provided is Invalid');
        }
        $this->ctx->sessionId = $sessionName;
        return $this->ctx->store->user($userId);
    }

    /** @return list<array{name: string, type: string}> */
    private function parameters(int $operationId): array
    {
        $statement = $this->ctx->db->prepare(
            'SELECT name, type FROM vtiger_ws_operation_parameters WHERE operationid = ? ORDER BY sequence, name'
        );
        $statement->execute([$operationId]);
        return $statement->fetchAll();
    }

    /**
     * @param list<array{name: string, type: string}> $declared
     * @return array<string, mixed> declared parameters in sequence order, fetched like vtws_getParameter
     */
    private function namedArguments(array $declared, array $input): array
    {
        $args = [];
        foreach ($declared as $param) {
            $value = $input[$param['name']] ?? null;
            if (is_array($value)) {
                // stripslashes(array) is a TypeError on PHP 8: uncaught.
                throw new FatalFailure();
            }
            $value = ($value === null || $value === '' || $value === '0') ? null : $value;
            if ($value !== null && strtolower($param['type']) === 'encoded') {
                $value = json_decode($value, true);
            }
            $args[$param['name']] = $value;
        }
        return $args;
    }

    /**
     * An operation of the external Vtiger database: its handler file from that root, called
     * like Vtiger 8 does on PHP 8 (named arguments plus "user") under the stock profile, or
     * positionally under the patched one. A name mismatch is an Error nobody catches.
     */
    private function runExternal(ExternalOperations $source, array $operation, array $args, ?array $user): mixed
    {
        $file = $source->handlerFile((string) $operation['handler_path']);
        if ($file === null) {
            throw new FatalFailure('text/html; charset=UTF-8', 200, 'Sorry! Attempt to access restricted file.');
        }
        require_once $file;
        if ((int) $operation['prelogin'] !== 1) {
            $args['user'] = $user;
        }
        $result = call_user_func_array((string) $operation['handler_method'],
            $this->profile() === 'stock' ? $args : array_values($args));
        if ((int) $operation['prelogin'] === 1 && !is_array($result)) {
            // A prelogin handler that returns no array is taken for a Users object.
            throw new FatalFailure();
        }
        return $result;
    }

    /**
     * The positional arguments of one of the server's own operations, for the in-process
     * entry points (tests/server/inprocess.php).
     *
     * @return list<mixed>
     */
    public function arguments(int $operationId, array $input): array
    {
        return array_values($this->namedArguments($this->parameters($operationId), $input));
    }

    public function run(array $operation, array $args, ?array $user): mixed
    {
        $path = $this->ctx->rootDir . '/' . $operation['handler_path'];
        if (!is_file($path)) {
            // checkFileAccessForInclusion() dies with plain text (HTTP 200).
            throw new FatalFailure('text/html; charset=UTF-8', 200, 'Sorry! Attempt to access restricted file.');
        }
        require_once $path;
        if ($this->profile() === 'stock' && in_array(strtolower($operation['name']), self::STOCK_PHP8_BROKEN, true)) {
            // "Unknown named parameter": an Error nobody catches.
            throw new FatalFailure();
        }
        $prelogin = (int) $operation['prelogin'] === 1;
        if (!$prelogin) {
            $args[] = $user;
        }
        $result = $this->call($operation['handler_method'], $args);
        if ($prelogin && $result instanceof LoggedInUser) {
            $sessionName = $this->ctx->sessions->open($result->user['id']);
            return $this->loginInfo($result->user, $sessionName);
        }
        return $result;
    }

    private function call(string $method, array $args): mixed
    {
        if (str_contains($method, '::')) {
            [$class, $function] = explode('::', $method, 2);
            if (!(new \ReflectionMethod($class, $function))->isStatic()) {
                return (new $class($this->ctx))->$function(...$args);
            }
        }
        return call_user_func_array($method, $args);
    }

    private function profile(): string
    {
        return (string) $this->ctx->db->query("SELECT value FROM server_meta WHERE name = 'profile'")->fetchColumn();
    }

    private static function sessionName(mixed $value): ?string
    {
        if (!is_string($value) || $value === '' || $value === '0' || strtolower($value) === 'null') {
            return null;
        }
        return $value;
    }

    private static function scalar(mixed $value): string
    {
        return is_string($value) ? $value : '';
    }
}

<?php

function vtws_registry_variadic(...$args)
{
    return array_keys($args);
}

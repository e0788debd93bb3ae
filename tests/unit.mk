# cmocka unit tests of core modules (one program per module).

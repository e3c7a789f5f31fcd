/* api-recipe.c - a product's recipe expanded, with its costs, over HTTP. */
#include "compat.h"

#include "api.h"
#include "server.h"
#include "smallrun/recipe.h"

/* GET /api/v1/products/{id}/recipe?quantity=N */
void api_recipe(struct api_call *c)
{
	api_answer(c,
		   sr_recipe_tree(c->app->store, c->id,
				  api_arg_int(c, ARG_QUANTITY, 1),
				  &c->resp->body, &c->fail),
		   200);
}
